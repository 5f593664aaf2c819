"""The ``stance`` command: a thin typer layer over the library.

Data goes to standard output; progress, warnings and errors to standard error.
Exit codes: 0 success, 1 an error (bad input, model or data; with several
input files, any file that failed), 2 a usage error.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from stance import data as data_module
from stance.errors import InputError, StanceError
from stance.model import load_artifact, train
from stance.prediction import Article, decode_text, predict_file, predict_text

app = typer.Typer(
    help="Label how statements portray the 2009 US–Russia reset: success, failure, mixed or none.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
data_app = typer.Typer(help="Inspect and check the labelled data set.", no_args_is_help=True)
app.add_typer(data_app, name="data")

out = Console(soft_wrap=False)
err = Console(stderr=True)


class Format(str, Enum):
    auto = "auto"
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    json = "json"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


ModelOption = Annotated[
    Path | None,
    typer.Option("--model", "-m", help="Model file (default: the shipped model). Load only models you trust."),
]
DataOption = Annotated[Path | None, typer.Option("--data", "-d", help="Labelled CSV (default: data/statements.csv).")]


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _warn(message: str) -> None:
    err.print(f"[yellow]Warning:[/] {escape(message)}", highlight=False, soft_wrap=True)


def _load(model_path: Path | None) -> dict[str, Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        artifact = load_artifact(model_path)
    for warning in caught:
        _warn(str(warning.message).splitlines()[0])
    return artifact


def main() -> None:
    """Entry point of the console script."""
    try:
        app()
    except StanceError as exc:  # raised outside a command, e.g. while importing
        err.print(f"Error: {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)


@app.command()
def predict(
    files: Annotated[list[str], typer.Argument(help="Text files to label; '-' reads standard input.")],
    model: ModelOption = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="auto: a table on a terminal, jsonl otherwise.")
    ] = Format.auto,
    proba: Annotated[bool, typer.Option("--proba", help="Add every label's probability.")] = False,
    lines: Annotated[bool, typer.Option("--lines", help="One statement per line; no sentence splitting.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the three n-grams that pushed most towards each label.")
    ] = False,
    summary: Annotated[bool, typer.Option(help="Print a per-file summary.")] = True,
    summary_only: Annotated[
        bool, typer.Option("--summary-only", help="Output one row per file (counts and overall stance) instead.")
    ] = False,
) -> None:
    """Label every statement of each FILE.

    Example: stance predict seeds/000_fc854a5b1572f21a.txt --format jsonl
    """
    try:
        artifact = _load(model)
    except StanceError as exc:
        _fail(str(exc))
    pipeline = artifact["pipeline"]
    fmt = output_format
    if fmt is Format.auto:
        fmt = Format.table if sys.stdout.isatty() else Format.jsonl
    articles: list[Article] = []
    failed = 0
    for name in files:
        try:
            if name == "-":
                text, notes = decode_text(sys.stdin.buffer.read(), "<stdin>")
                article = predict_text(text, model=pipeline, lines=lines, name="<stdin>", explain=3 if explain else 0)
                article.warnings.extend(notes)
            else:
                article = predict_file(name, model=pipeline, lines=lines, explain=3 if explain else 0)
        except InputError as exc:
            err.print(f"[bold red]Error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            failed += 1
            continue
        for note in article.warnings:
            _warn(note)
        articles.append(article)
        if summary_only:
            if fmt in (Format.jsonl, Format.csv):
                _emit_rows([_summary_row(article)], fmt, header=len(articles) == 1)
        elif fmt is not Format.json:
            _emit(article, fmt, proba, explain, header=len(articles) == 1)
            if summary:
                _emit_summary(article, to_stdout=fmt is Format.table)
    if summary_only:
        if fmt is Format.json:
            sys.stdout.write(json.dumps([_summary_row(a) for a in articles], indent=2) + "\n")
        elif fmt is Format.table:
            _summary_table(articles)
    elif fmt is Format.json:
        payload = [
            {
                "file": a.name,
                "statements": [_row(a.name, p, proba, explain) for p in a.predictions],
                "summary": a.summary,
            }
            for a in articles
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        err.print(f"{failed} of {len(files)} input(s) failed", highlight=False, markup=False)
        raise typer.Exit(1)


def _row(name: str, prediction: Any, proba: bool, explain: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "file": name,
        "n": prediction.number,
        "label": prediction.label,
        "confidence": round(prediction.confidence, 4),
        "text": prediction.text,
    }
    if proba:
        for label in data_module.LABELS:
            row[f"p_{label}"] = round(prediction.probabilities.get(label, 0.0), 4)
    if explain:
        row["evidence"] = [[ngram, round(weight, 3)] for ngram, weight in prediction.evidence]
    return row


def _summary_row(article: Article) -> dict[str, Any]:
    s = article.summary
    return {"file": article.name, "statements": s["statements"], **s["counts"], "overall": s["overall"]}


def _summary_table(articles: list[Article]) -> None:
    table = Table(title="per-file summary", title_justify="left")
    for column in ("file", "statements", *data_module.LABELS, "overall"):
        table.add_column(
            column, justify="left" if column in ("file", "overall") else "right", overflow="fold", min_width=4
        )
    for article in articles:
        row = _summary_row(article)
        table.add_row(*(escape(str(row[c])) for c in ("file", "statements", *data_module.LABELS, "overall")))
    out.print(table)


def _emit_rows(rows: list[dict[str, Any]], fmt: Format, *, header: bool) -> None:
    """Write rows as JSON Lines or CSV (with a header before the first)."""
    if fmt is Format.jsonl:
        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    sys.stdout.write(buffer.getvalue())


def _evidence_text(evidence: Any) -> str:
    return "; ".join(f"{ngram} ({weight:.2f})" for ngram, weight in evidence)


def _emit(article: Article, fmt: Format, proba: bool, explain: bool, *, header: bool) -> None:
    rows = [_row(article.name, p, proba, explain) for p in article.predictions]
    if fmt is Format.csv and explain:
        for row in rows:
            row["evidence"] = _evidence_text(row["evidence"])
    if fmt in (Format.jsonl, Format.csv):
        _emit_rows(rows, fmt, header=header)
    else:
        table = Table(title=escape(article.name), title_justify="left", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("label")
        table.add_column("conf", justify="right")
        if proba:
            for label in data_module.LABELS:
                table.add_column(f"p_{label}", justify="right")
        table.add_column("statement", overflow="fold", ratio=3)
        if explain:
            table.add_column("evidence", overflow="fold", ratio=1)
        colours = {"success": "green", "failure": "red", "mixed": "yellow", "none": "dim"}
        for p in article.predictions:
            cells = [str(p.number), f"[{colours[p.label]}]{p.label}[/]", f"{p.confidence:.2f}"]
            if proba:
                cells += [f"{p.probabilities.get(label, 0.0):.2f}" for label in data_module.LABELS]
            cells.append(escape(p.text))
            if explain:
                cells.append(escape(_evidence_text(p.evidence)))
            table.add_row(*cells)
        out.print(table)


def _emit_summary(article: Article, *, to_stdout: bool) -> None:
    s = article.summary
    counts = ", ".join(f"{label} {n}" for label, n in s["counts"].items())
    line = f"{article.name}: {s['statements']} statements ({counts}); overall: {s['overall']}"
    (out if to_stdout else err).print(line, highlight=False, soft_wrap=True, markup=False)


@app.command("train")
def train_command(
    data: DataOption = None,
    output: Annotated[Path, typer.Option("--out", "--output", "-o", help="Where to write the model.")] = Path(
        "models/stance.joblib"
    ),
    folds: Annotated[int, typer.Option(min=2, max=20, help="Grouped cross-validation folds.")] = 5,
    search: Annotated[bool, typer.Option(help="Search the settings grid (--no-search: defaults only).")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or tables.")] = False,
) -> None:
    """Train the model on the labelled set and save it.

    Example: stance train --data data/statements.csv --out models/stance.joblib
    """
    from rich.progress import Progress

    from stance.model import DEFAULT_PARAMS

    bar = None if quiet else Progress(console=err, transient=True)

    def progress(description: str, done: int, total: int) -> None:
        if bar is not None and task is not None:
            bar.update(task, completed=done, total=total, description=f"grid search ({description})")

    with bar or contextlib.nullcontext():
        task = bar.add_task("searching settings", total=None) if bar is not None else None
        try:
            result = train(data, output, folds=folds, params=None if search else DEFAULT_PARAMS, progress=progress)
        except StanceError as exc:
            _fail(str(exc))
    if quiet:
        return
    err.print(_metrics_table("Grouped cross-validation of the chosen settings", result["metrics"]))
    summary = result["metadata"]["search"]
    if summary["combinations"]:
        bests = ", ".join(f"{k.removeprefix('best_f_avg_')} {v:.3f}" for k, v in summary.items() if k != "combinations")
        err.print(f"searched {summary['combinations']} settings; best F_avg by features: {bests}", highlight=False)
    params = ", ".join(f"{k}={v}" for k, v in result["params"].items())
    err.print(f"settings: {params}", highlight=False, markup=False)
    err.print(f"wrote {result['path']}", highlight=False, markup=False)


def _metrics_table(title: str, metrics: dict[str, Any]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, m in metrics["per_label"].items():
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    table.add_row("F_avg", "", "", f"{metrics['f_avg']:.3f}", "", style="bold")
    table.add_row("accuracy", "", "", f"{metrics['accuracy']:.3f}", str(metrics["n"]))
    return table


@app.command()
def info(
    model: ModelOption = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Show a model's metadata: settings, metrics, versions, training data and sha256.

    Example: stance info --format json
    """
    try:
        artifact = _load(model)
    except StanceError as exc:
        _fail(str(exc))
    meta = {"path": str(artifact["path"]), **artifact["metadata"]}
    if output_format is ReportFormat.json:
        sys.stdout.write(json.dumps(meta, indent=2, default=str) + "\n")
        return
    table = Table(show_header=False, title="stance model", title_justify="left")
    table.add_column("key", style="bold")
    table.add_column("value", overflow="fold")
    metrics = meta.get("cv_metrics", {})
    rows = [
        ("path", meta["path"]),
        ("sha256", meta.get("sha256", "")),
        ("created", meta.get("created", "")),
        ("labels", ", ".join(meta.get("labels", []))),
        ("settings", ", ".join(f"{k}={v}" for k, v in meta.get("params", {}).items())),
        ("CV F_avg", f"{metrics.get('f_avg', float('nan')):.3f}"),
        ("CV accuracy", f"{metrics.get('accuracy', float('nan')):.3f}"),
        ("training rows", str(meta.get("training_data", {}).get("rows", ""))),
        ("training sha256", meta.get("training_data", {}).get("sha256", "")),
        ("versions", ", ".join(f"{k} {v}" for k, v in meta.get("versions", {}).items())),
    ]
    for key, value in rows:
        table.add_row(key, str(value))
    out.print(table)


@app.command()
def evaluate(
    data: DataOption = None,
    model: ModelOption = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    plot: Annotated[
        Path | None, typer.Option(help="Write the confusion matrices and per-label F1 as a PNG (needs matplotlib).")
    ] = None,
    curve: Annotated[bool, typer.Option(help="Also compute the learning curve (slow).")] = False,
    folds: Annotated[int, typer.Option(min=2, max=20)] = 5,
) -> None:
    """Evaluate the model's settings: grouped CV and leave-one-article-out, with baselines.

    Example: stance evaluate --plot evaluation.png
    """
    from stance.evaluation import evaluate as run_evaluation

    if plot is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            _fail("--plot needs matplotlib: pip install 'stance[plot]'")
    try:
        params = _load(model)["metadata"]["params"]
        dataset = data_module.load_dataset(data)
        with err.status("evaluating (grouped CV, leave-one-article-out, baselines, calibration)"):
            report = run_evaluation(dataset, params, folds=folds, curve=curve)
    except StanceError as exc:
        _fail(str(exc))
    if plot is not None:
        from stance.plotting import plot_report

        try:
            plot_report(report, plot)
        except OSError as exc:
            _fail(f"cannot write {plot} ({exc.strerror or exc})")
        err.print(f"wrote {plot}", highlight=False, markup=False)
    if output_format is ReportFormat.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    params = ", ".join(f"{k}={v}" for k, v in report["params"].items())
    out.print(f"settings: {params}; {report['rows']} statements", highlight=False, markup=False)
    for block, title in (
        ("cross_validation", f"1. Grouped {report['folds']}-fold cross-validation (all statements)"),
        ("leave_one_article_out", "2. Leave-one-article-out (real seed sentences), pooled"),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column("system")
        for column in ("F_avg", "accuracy", "F1 success", "F1 failure", "F1 mixed", "F1 none", "ECE", "n"):
            table.add_column(column, justify="right")
        for name, result in report[block].items():
            res = result["pooled"] if block == "leave_one_article_out" else result
            table.add_row(
                name,
                f"{res['f_avg']:.3f}",
                f"{res['accuracy']:.3f}",
                *(f"{res['per_label'][label]['f1']:.3f}" for label in data_module.LABELS),
                f"{res['ece']:.3f}" if "ece" in res else "",
                str(res["n"]),
            )
        out.print(table)
    loao = report["leave_one_article_out"]["model"]
    if "f_avg_interval" in loao["pooled"]:
        low, high = loao["pooled"]["f_avg_interval"]
        out.print(f"   model F_avg on real sentences, 95% bootstrap interval: {low:.3f} to {high:.3f}", highlight=False)
    table = Table(title="   per article (model)", title_justify="left")
    for column in ("article", "F_avg", "accuracy", "n"):
        table.add_column(column, justify="left" if column == "article" else "right")
    for article, res in loao["articles"].items():
        table.add_row(article, f"{res['f_avg']:.3f}", f"{res['accuracy']:.3f}", str(res["n"]))
    out.print(table)
    out.print(_confusion_table("   confusion, leave-one-article-out (rows true, columns predicted)", loao["pooled"]))
    if "leave_one_writer_out" in report:
        pooled = report["leave_one_writer_out"]["pooled"]
        out.print(
            f"   leave-one-writer-out (grown statements, model): F_avg {pooled['f_avg']:.3f}, "
            f"accuracy {pooled['accuracy']:.3f}, n {pooled['n']}",
            highlight=False,
        )
    if "calibration" in report:
        table = Table(title="3. Calibration under grouped CV", title_justify="left")
        for column in ("method", "F_avg", "accuracy", "ECE"):
            table.add_column(column, justify="left" if column == "method" else "right")
        for method, res in report["calibration"].items():
            table.add_row(method, f"{res['f_avg']:.3f}", f"{res['accuracy']:.3f}", f"{res['ece']:.3f}")
        out.print(table)
    if "learning_curve" in report:
        table = Table(title="4. Learning curve (share of grown data)", title_justify="left")
        for column in ("share", "rows", "CV F_avg", "LOAO F_avg"):
            table.add_column(column, justify="right")
        for point in report["learning_curve"]:
            table.add_row(
                f"{point['fraction']:.0%}", str(point["rows"]), f"{point['cv_f_avg']:.3f}", f"{point['loao_f_avg']:.3f}"
            )
        out.print(table)


def _confusion_table(title: str, result: dict[str, Any]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("true \\ predicted")
    for label in data_module.LABELS:
        table.add_column(label, justify="right")
    for label, row in zip(data_module.LABELS, result["confusion"]):
        table.add_row(label, *(str(v) for v in row))
    return table


@data_app.command("stats")
def data_stats(
    data: DataOption = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Counts by label and origin, annotator agreement, and the near-duplicate check.

    Example: stance data stats
    """
    try:
        dataset = data_module.load_dataset(data)
        report = data_module.describe(dataset)
    except StanceError as exc:
        _fail(str(exc))
    if output_format is ReportFormat.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    table = Table(title=f"{dataset.path}: statements by origin and label", title_justify="left")
    table.add_column("origin")
    for label in (*data_module.LABELS, "total"):
        table.add_column(label, justify="right")
    for origin, row in report["counts"].items():
        table.add_row(origin, *(str(row[label]) for label in (*data_module.LABELS, "total")))
    out.print(table)
    agreement = report.get("agreement")
    if agreement:
        table = Table(title="Double annotation (annotator A vs blind annotator B)", title_justify="left")
        for column in ("subset", "items", "raw agreement", "Cohen's kappa"):
            table.add_column(column, justify="left" if column == "subset" else "right")
        for subset, res in agreement.items():
            table.add_row(subset, str(res["n"]), f"{res['agreement']:.3f}", f"{res['kappa']:.3f}")
        out.print(table)
    else:
        out.print("no agreement file (data/agreement.csv)")
    dupes = report["near_duplicates"]
    out.print(f"near-duplicate pairs: {len(dupes)}", highlight=False, markup=False)
    for pair in dupes[:20]:
        out.print(f"  {pair['a']} ~ {pair['b']} (overlap {pair['overlap']:.2f})", highlight=False, markup=False)
