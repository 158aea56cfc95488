"""Create the milestones of the milestone templates (the Resolution 214/NQ-CP deadlines) for every
matching body. Idempotent: a body that already has a template's milestone gets none again."""

from django.core.management.base import BaseCommand, CommandError

from architecture.models import MilestoneTemplate
from architecture.plans import milestone_templates_apply


class Command(BaseCommand):
    help = "Apply milestone templates (all, or the codes given) to every body they apply to, once."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Template codes; none: every template.")

    def handle(self, *args, codes: list[str], **options):
        templates = None
        if codes:
            templates = list(MilestoneTemplate.objects.filter(code__in=codes))
            unknown = set(codes) - {template.code for template in templates}
            if unknown:
                raise CommandError(f"unknown template code(s): {', '.join(sorted(unknown))}")
        # Run by an operator on the server: the system applies them, no user signs the history.
        created = milestone_templates_apply(templates=templates, user=None)
        for code, count in created.items():
            self.stdout.write(f"{code}: {count} milestone(s) created")
