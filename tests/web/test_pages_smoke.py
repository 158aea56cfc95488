import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [None, "owner", "other", "reviewer", "monitor", "admin"])
def test_every_reading_page_renders(as_user, role, databases, bodies):
    client = as_user(role)
    for url in ["/", "/search/?q=co+so", "/databases/", "/databases/CSDL-CONG-KHAI", "/bodies/",
                f"/bodies/{bodies['province'].code}/", "/dictionary/"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
