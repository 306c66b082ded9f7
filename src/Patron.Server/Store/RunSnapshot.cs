using System.Text.Json.Nodes;
using Patron.Server.Scoring;

namespace Patron.Server.Store;

/// <summary>Everything the service answers from one run folder, loaded whole before it is served: the customers, the
/// models, the model cards, the segments and the KPI tables.</summary>
/// <remarks>Immutable once loaded and thread-safe. A request reads one snapshot from <see cref="SnapshotHolder"/> and
/// answers from it alone, so a reload never mixes two runs in one answer.</remarks>
internal sealed class RunSnapshot
{
    /// <summary>The run's version: its <c>run_id</c> with a hash of the files served, so a re-run into the same folder
    /// is a new version.</summary>
    public required string Version { get; init; }

    /// <summary>The folder the run was read from.</summary>
    public required string Folder { get; init; }

    /// <summary>The scoring cutoff (yyyy-MM-dd), or null when run.json has none.</summary>
    public string? AsOf { get; init; }

    /// <summary>Task → version (a content hash of <c>models/&lt;task&gt;.json</c>).</summary>
    public required IReadOnlyDictionary<string, string> ModelVersions { get; init; }

    public required CustomerColumns Customers { get; init; }

    /// <summary>The customer models and the what-if scorer over them; null when the run saved none.</summary>
    public CustomerScorer? CustomerScorer { get; init; }

    /// <summary>The session model's scorer, or null without the session task.</summary>
    public SessionScorer? SessionScorer { get; init; }

    /// <summary>Model cards, one per task of metrics.json.</summary>
    public required JsonArray ModelCards { get; init; }

    /// <summary>kpi/segments.csv as rows.</summary>
    public required JsonArray Segments { get; init; }

    /// <summary>KPI tables by name (file name without .csv), each an array of rows.</summary>
    public required IReadOnlyDictionary<string, JsonArray> Kpis { get; init; }

    /// <summary>The run's cross-sell rules (rules.parquet) for <c>POST /api/recommend</c>; null when the run has none.</summary>
    public Patron.Features.Rules.CrossSell? CrossSell { get; init; }

    /// <summary>Why <see cref="CrossSell"/> is null, in a sentence for the 409 problem (a file without rules, a skipped
    /// stage, or none at all); null when the run has rules.</summary>
    public string? NoCrossSell { get; init; }

    /// <summary>Seconds the load took.</summary>
    public double LoadSeconds { get; init; }

    /// <summary>Where the load's time went, phase by phase (<c>profiles.bin 0.41 s, id index 0.12 s, ...</c>).</summary>
    public string LoadPhases { get; init; } = "";
}
