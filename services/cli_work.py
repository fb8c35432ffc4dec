"""`eventwire submit | extract | train | eval`: articles from the command line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click
from tqdm import tqdm

CHUNK = 100


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option("--url", default="http://127.0.0.1:8000", show_default=True)
@click.option(
    "--key", envvar="EVENTWIRE_API_KEY", help="API key (default: the local key)."
)
@click.option("--wait/--no-wait", default=False, help="Wait until every job is final.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds to wait.")
def submit(
    files: tuple[Path, ...], url: str, key: str | None, wait: bool, timeout: float
) -> None:
    """Post articles (.txt, .html or .jsonl files) to the API."""
    from services.client import ApiError, Client, read_articles
    from services.config import Settings
    from services.local_key import read_local_key

    client = Client(url, key or read_local_key(Settings.from_env()))
    articles = [article for path in files for article in read_articles(path)]
    jobs: list[str] = []
    rejected = 0
    try:
        with tqdm(
            total=len(articles), desc="submit", unit="article", file=sys.stderr
        ) as bar:
            for start in range(0, len(articles), CHUNK):
                for item in client.submit_batch(articles[start : start + CHUNK]):
                    if item["job"]:
                        jobs.append(item["job"]["id"])
                    else:
                        rejected += 1
                        click.echo(
                            f"item {start + item['index']}: "
                            f"{item['problem']['detail']}",
                            err=True,
                        )
                    bar.update(1)
        click.echo(f"accepted {len(jobs)}, rejected {rejected}")
        if wait and jobs:
            states: dict[str, int] = {}
            events = 0
            with tqdm(
                total=len(jobs), desc="extract", unit="job", file=sys.stderr
            ) as bar:
                for job in client.wait(jobs, timeout):
                    states[job["state"]] = states.get(job["state"], 0) + 1
                    events += job.get("event_count") or 0
                    bar.update(1)
            click.echo(
                " ".join(f"{k}={v}" for k, v in sorted(states.items()))
                + f" events={events}"
            )
    except ApiError as exc:
        raise click.ClickException(str(exc)) from exc
    if rejected:
        sys.exit(1)


@click.command()
@click.argument("source", type=click.Path(allow_dash=True))
@click.option("--published-at", default=None, help="Publication date for a .txt input.")
@click.option(
    "--batch", default=16, show_default=True, help="Articles per pipeline call."
)
def extract(source: str, published_at: str | None, batch: int) -> None:
    """Run the pipeline in-process on a .txt (events as JSON) or .jsonl file."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from services.article_input import InputError, from_post_body
    from services.config import Settings
    from workers.pipeline import ArticleInput, Pipeline
    from workers.runtime import pipeline_settings
    from workers.serialize import event_dict

    pipe = Pipeline(pipeline_settings(Settings.from_env()))
    if source != "-" and not source.endswith(".jsonl"):
        path = Path(source)
        if not path.is_file():
            raise click.ClickException(f"{source}: no such file")
        date = _parse_date(published_at)
        events = pipe.extract(
            ArticleInput(text=path.read_text(encoding="utf-8"), published_at=date)
        )
        click.echo(
            json.dumps([event_dict(e) for e in events], ensure_ascii=False, indent=2)
        )
        return
    handle: TextIO = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    with handle:
        for chunk in _chunks(_jsonl(handle), batch):
            inputs: list[ArticleInput | None] = []
            errors: list[str | None] = []
            for record in chunk:
                try:
                    inputs.append(from_post_body(record))
                    errors.append(None)
                except InputError as exc:
                    inputs.append(None)
                    errors.append(str(exc))
            valid = [i for i in inputs if i is not None]
            results = iter(pipe.extract_many(valid))
            for record, article, error in zip(chunk, inputs, errors, strict=True):
                line: dict[str, Any] = {
                    "external_id": record.get("external_id")
                    if isinstance(record, dict)
                    else None
                }
                if article is None:
                    line["error"] = error
                    line["events"] = []
                else:
                    line["events"] = [event_dict(e) for e in next(results)]
                click.echo(json.dumps(line, ensure_ascii=False))


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the head (default: the packaged weights file).",
)
@click.option("--seed", default=0, show_default=True)
@click.option(
    "--quantize/--no-quantize",
    default=False,
    help="Fit the head on the int8 encoder's features (written to head-int8.npz).",
)
@click.option(
    "--plover",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="Also train on these PLOVER gold records (CC BY-SA 4.0); needs --out.",
)
def train(out: Path | None, seed: int, quantize: bool, plover: Path | None) -> None:
    """Rebuild an event-type head from the training examples (deterministic).

    With --plover the gold records join the examples, as the k-fold heads of
    `eventwire eval plover` are trained; the packaged head stays free of them.
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from workers.pipeline.training import train_head

    extra = []
    if plover is not None:
        if out is None:
            raise click.UsageError(
                "--plover needs --out: the packaged head is trained on the "
                "project's examples alone"
            )
        from eval.plover import gold_examples, load_records, pipeline_candidates

        records = load_records(plover)
        candidates = pipeline_candidates(records, quantize=quantize)
        extra = [example for _, example in gold_examples(records, candidates)]
        click.echo(f"{len(extra)} gold mentions from {len(records)} records")
    report = train_head(out, seed=seed, quantize=quantize, extra=extra)
    click.echo(str(report))


@click.group("eval")
def eval_group() -> None:
    """Measure extraction quality."""


@eval_group.command("plover")
@click.option(
    "--path",
    type=click.Path(path_type=Path),
    default=None,
    help="PLOVER_GSR_CAMEO.json (default: ../shared/data/plover/).",
)
@click.option("--folds", default=5, show_default=True)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    help="Which records fall in which fold (and the fold heads' own splits).",
)
@click.option(
    "--quantize/--no-quantize",
    default=False,
    help="Score the int8 dynamically quantised encoder instead of fp32.",
)
@click.option(
    "--cv/--no-cv",
    default=True,
    help="Also score k-fold heads (--no-cv: the shipped head only, faster).",
)
@click.option(
    "--errors",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the sentences with a miss or a false event as JSONL to this file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def eval_plover(
    path: Path | None,
    folds: int,
    seed: int,
    quantize: bool,
    cv: bool,
    errors: Path | None,
    as_json: bool,
) -> None:
    """Score the extractor on the PLOVER gold records (k-fold cross-validated)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from eval.plover import run_plover_eval

    path = (
        path
        or Path.cwd().parent / "shared" / "data" / "plover" / "PLOVER_GSR_CAMEO.json"
    )
    if not path.is_file():
        raise click.ClickException(f"{path}: not found (give --path)")
    report = run_plover_eval(
        path, folds=folds, seed=seed, progress=True, quantize=quantize, cv=cv
    )
    if errors is not None:
        with errors.open("w", encoding="utf-8") as handle:
            for miss in report.misses:
                handle.write(json.dumps(miss, ensure_ascii=False) + "\n")
    click.echo(
        json.dumps(report.to_dict(), indent=2) if as_json else report.format_table()
    )


def _jsonl(handle: TextIO) -> Iterator[Any]:
    for number, line in enumerate(handle, 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"line {number}: not JSON ({exc})") from exc


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parse_date(value: str | None) -> Any:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date") from exc
