"""The 13 themes of the EU Data Theme vocabulary (op.europa.eu authority table "data-theme", the
vocabulary DCAT-AP 3 recommends for dcat:theme). English labels are the table's; Vietnamese
labels are our renderings."""

from django.db import migrations

THEMES = [
    ("AGRI", "Nông nghiệp, thủy sản, lâm nghiệp và thực phẩm", "Agriculture, fisheries, forestry and food"),
    ("ECON", "Kinh tế và tài chính", "Economy and finance"),
    ("EDUC", "Giáo dục, văn hóa và thể thao", "Education, culture and sport"),
    ("ENER", "Năng lượng", "Energy"),
    ("ENVI", "Môi trường", "Environment"),
    ("GOVE", "Chính phủ và khu vực công", "Government and public sector"),
    ("HEAL", "Y tế", "Health"),
    ("INTR", "Các vấn đề quốc tế", "International issues"),
    ("JUST", "Tư pháp, hệ thống pháp luật và an toàn công cộng", "Justice, legal system and public safety"),
    ("REGI", "Vùng và đô thị", "Regions and cities"),
    ("SOCI", "Dân số và xã hội", "Population and society"),
    ("TECH", "Khoa học và công nghệ", "Science and technology"),
    ("TRAN", "Giao thông vận tải", "Transport"),
]


def themes_add(apps, schema_editor):
    Theme = apps.get_model("catalog", "Theme")
    for code, label_vi, label_en in THEMES:
        Theme.objects.update_or_create(code=code, defaults={"label_vi": label_vi, "label_en": label_en})


def themes_remove(apps, schema_editor):
    apps.get_model("catalog", "Theme").objects.filter(code__in=[code for code, _, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_dcat_fields")]
    operations = [migrations.RunPython(themes_add, themes_remove)]
