using Patron.Learning.Drift;

namespace Patron.Pipeline.Drift;

/// <summary>The drift of the customer population between two cutoffs: every feature, every model score, and the
/// scores that could not be compared with the reason.</summary>
public sealed record DriftResult
{
    /// <summary>The reference cutoff (the training cutoff's customers).</summary>
    public required DateOnly ReferenceCutoff { get; init; }

    /// <summary>The current cutoff.</summary>
    public required DateOnly CurrentCutoff { get; init; }

    /// <summary>Customers at the reference cutoff.</summary>
    public required long ReferenceCustomers { get; init; }

    /// <summary>Customers at the current cutoff.</summary>
    public required long CurrentCustomers { get; init; }

    /// <summary>The columns' verdicts and the dataset verdict.</summary>
    public required DatasetDrift Dataset { get; init; }

    /// <summary>Model files not compared, by task, with the reason.</summary>
    public required IReadOnlyDictionary<string, string> SkippedScores { get; init; }

    /// <summary>The options of the verdict.</summary>
    public required DriftOptions Options { get; init; }
}
