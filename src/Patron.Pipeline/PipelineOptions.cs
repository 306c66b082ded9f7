using Patron.Warehouse.Ingest;

namespace Patron.Pipeline;

/// <summary>Everything one <c>patron run</c> needs: where the data is, which cutoffs and tasks, where to write.</summary>
/// <remarks>Dates are calendar days; a cutoff means "rows before 00:00 of that day".</remarks>
public sealed record PipelineOptions
{
    /// <summary>The task names the pipeline knows, in the order they run.</summary>
    public static IReadOnlyList<string> AllTasks { get; } = ["churn", "repeat", "high_value", "clv", "early_high_value", "session_purchase"];

    /// <summary>Source adapter name (generic, olist, online_retail, ...) or <c>auto</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The export to ingest: a folder or a file.</summary>
    public required string Input { get; init; }

    /// <summary>The run folder (see docs/run-folder.md).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>How the ingest stage reads the export (strictness, orphans, outliers, opening day, purchase statuses,
    /// date order); the defaults of <c>patron ingest</c> when not set.</summary>
    public IngestOptions Ingest { get; init; } = new();

    /// <summary>The warehouse file; null puts <c>patron.duckdb</c> in the run folder.</summary>
    public string? Warehouse { get; init; }

    /// <summary>Scoring cutoff; null means the day after the last purchase in silver.</summary>
    public DateOnly? Cutoff { get; init; }

    /// <summary>Label horizon in days (churn, repeat, high value, and the CLV target unless <see cref="ClvHorizonDays"/> is set).</summary>
    public int HorizonDays { get; init; } = 90;

    /// <summary>Horizon of the CLV target in days; null uses <see cref="HorizonDays"/>.</summary>
    public int? ClvHorizonDays { get; init; }

    /// <summary>Horizon of the early-high-value labels in days; null means a year (365). <c>patron run</c> sets it to
    /// the <c>--horizon</c> given (or patron.yaml's <c>horizon</c>), so only the default differs from the label horizon.</summary>
    public int? EarlyHorizonDays { get; init; }

    /// <summary>Days of the early-high-value labels: <see cref="EarlyHorizonDays"/>, else 365.</summary>
    public int EffectiveEarlyHorizon => EarlyHorizonDays ?? 365;

    /// <summary>Tasks to run (subset of <see cref="AllTasks"/>).</summary>
    public IReadOnlyList<string> Tasks { get; init; } = ["churn", "repeat", "high_value", "clv", "early_high_value", "session_purchase"];

    /// <summary>Cross-validation folds at the training cutoff.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Cross-validate every learner candidate (<c>--cv</c>); by default none is (but the learner of a chosen
    /// blend, whose calibration reads its folds), since the out-of-time split alone decides the choice.</summary>
    public bool CrossValidateEvery { get; init; }

    /// <summary>Boosting rounds of the gradient-boosted candidates.</summary>
    public int BoostingRounds { get; init; } = 200;

    /// <summary>Most rows a learner fits on; larger training sets are sampled (stratified by label, seeded) for the
    /// fits, while out-of-time metrics and scores still cover every row. 0 = no limit.</summary>
    public int MaxTrainingRows { get; init; } = DefaultMaxTrainingRows;

    /// <summary>Default of <see cref="MaxTrainingRows"/>.</summary>
    public const int DefaultMaxTrainingRows = 500_000;

    /// <summary>At most this many customer tasks of one horizon fit side by side (each one's fits still spread over
    /// the cores); 1 runs them one after the other. They run side by side only while the tasks share every matrix
    /// (the training cutoff within <see cref="MaxTrainingRows"/>), so it adds no per-task copy of millions of rows.
    /// The results do not depend on it.</summary>
    internal int TasksSideBySide { get; init; } = 2;

    /// <summary>Seed of every random step (folds, boosting, sampling).</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Folder of the MLflow-layout runs store; null puts <c>mlruns</c> in the run folder.</summary>
    public string? RunsStore { get; init; }

    /// <summary>A campaigns file (CSV: name,start,end) whose lift in daily revenue the KPI stage estimates and the report
    /// shows; null for none.</summary>
    public string? Campaigns { get; init; }

    /// <summary>Redo every stage even when its inputs did not change.</summary>
    public bool Force { get; init; }

    /// <summary>Days of the CLV target.</summary>
    public int EffectiveClvHorizon => ClvHorizonDays ?? HorizonDays;

    /// <summary>The warehouse path actually used.</summary>
    public string WarehousePath => Warehouse ?? Path.Combine(OutputDirectory, "patron.duckdb");

    /// <summary>Throws with a clear message when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Source);
        ArgumentException.ThrowIfNullOrEmpty(Input);
        ArgumentException.ThrowIfNullOrEmpty(OutputDirectory);
        if (HorizonDays is < 7 or > 730)
        {
            throw new ArgumentException($"--horizon: expected 7 to 730 days, got {HorizonDays}.");
        }

        if (ClvHorizonDays is { } clv && clv is < 7 or > 730)
        {
            throw new ArgumentException($"clv_horizon: expected 7 to 730 days, got {clv}.");
        }

        if (EarlyHorizonDays is { } early && early is < 7 or > 730)
        {
            throw new ArgumentException($"early horizon: expected 7 to 730 days, got {early}.");
        }

        if (Folds is < 2 or > 10)
        {
            throw new ArgumentException($"folds: expected 2 to 10, got {Folds}.");
        }

        if (MaxTrainingRows is < 0 or (> 0 and < 100))
        {
            throw new ArgumentException($"max_training_rows: expected 0 (no limit) or at least 100, got {MaxTrainingRows}.");
        }

        if (Tasks.Count == 0)
        {
            throw new ArgumentException($"--tasks: name at least one of {string.Join(", ", AllTasks)}.");
        }

        foreach (var task in Tasks)
        {
            if (!AllTasks.Contains(task, StringComparer.Ordinal))
            {
                throw new ArgumentException($"--tasks: unknown task '{task}'. Known tasks: {string.Join(", ", AllTasks)}.");
            }
        }
    }
}
