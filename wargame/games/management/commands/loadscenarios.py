"""``manage.py loadscenarios [PATH...]``: validate scenario files and load them."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame import engine
from wargame.games.models import Scenario


class Command(BaseCommand):
    help = (
        "Validate and load scenario files (default: every .yaml file in scenarios/). "
        "A bad file prints the file, the path inside the document and the problem; exit 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="files or folders of .yaml scenarios")

    def handle(self, *args, paths: list[str], **options) -> None:
        files = _scenario_files(paths or [str(Path(settings.BASE_DIR) / "scenarios")])
        if not files:
            raise CommandError("no scenario files found")
        failures = 0
        for path in files:
            try:
                document = engine.load_scenario_file(path)
            except engine.ScenarioError as exc:
                failures += 1
                self.stderr.write(str(exc))
                continue
            Scenario.objects.update_or_create(
                slug=document["slug"],
                defaults={
                    "title": document["title"],
                    "summary": document.get("summary", ""),
                    "document": document,
                    "source": str(path),
                },
            )
            self.stdout.write(f"loaded {document['slug']} from {path}")
        if failures:
            raise CommandError(
                f"{failures} of {len(files)} scenario files are invalid", returncode=1
            )


def _scenario_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"}))
        elif path.exists():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    return files
