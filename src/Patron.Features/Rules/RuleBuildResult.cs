using Patron.Learning.Rules;

namespace Patron.Features.Rules;

/// <summary>Summary of one <c>patron rules</c> build.</summary>
public sealed record RuleBuildResult
{
    public required DateOnly Cutoff { get; init; }

    public required string Level { get; init; }

    public required string By { get; init; }

    public required RuleMiningStats Stats { get; init; }

    /// <summary>Distinct items in the baskets.</summary>
    public required int Items { get; init; }

    public required int Itemsets { get; init; }

    public required int Rules { get; init; }

    /// <summary>Seconds selecting and reading the baskets.</summary>
    public required double ReadSeconds { get; init; }

    /// <summary>Seconds mining itemsets and generating rules.</summary>
    public required double MineSeconds { get; init; }

    /// <summary>Seconds writing gold.association_rules.</summary>
    public required double WriteSeconds { get; init; }
}
