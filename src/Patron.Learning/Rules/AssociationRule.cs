namespace Patron.Learning.Rules;

/// <summary>
/// A rule "baskets holding every item of <see cref="Antecedent"/> also hold <see cref="Consequent"/>", with the
/// measures of mlxtend's <c>association_rules</c>. Supports are shares of <see cref="Baskets"/>.
/// </summary>
/// <remarks>
/// <see cref="Conviction"/> is <see cref="double.PositiveInfinity"/> when the confidence is 1 (the rule never fails);
/// writers put it as <c>inf</c> in CSV and Parquet and as <c>null</c> in JSON.
/// </remarks>
public sealed record AssociationRule
{
    /// <summary>Item codes of the left-hand side, ascending.</summary>
    public required int[] Antecedent { get; init; }

    /// <summary>Item codes of the right-hand side, ascending, disjoint from the antecedent.</summary>
    public required int[] Consequent { get; init; }

    /// <summary>Baskets holding the antecedent.</summary>
    public required int AntecedentCount { get; init; }

    /// <summary>Baskets holding the consequent.</summary>
    public required int ConsequentCount { get; init; }

    /// <summary>Baskets holding both (the rule's own count).</summary>
    public required int Count { get; init; }

    /// <summary>Baskets mined: the denominator of every support.</summary>
    public required int Baskets { get; init; }

    /// <summary>s(A) = AntecedentCount / Baskets.</summary>
    public double AntecedentSupport => AntecedentCount / (double)Baskets;

    /// <summary>s(C) = ConsequentCount / Baskets.</summary>
    public double ConsequentSupport => ConsequentCount / (double)Baskets;

    /// <summary>s(A ∪ C) = Count / Baskets.</summary>
    public double Support => Count / (double)Baskets;

    /// <summary>P(C | A) = s(A ∪ C) / s(A).</summary>
    public double Confidence => Count / (double)AntecedentCount;

    /// <summary>confidence / s(C): how many times likelier C is after A than at random.</summary>
    public double Lift => Confidence / ConsequentSupport;

    /// <summary>s(A ∪ C) − s(A) s(C): the share of baskets the rule adds over independence.</summary>
    public double Leverage => Support - (AntecedentSupport * ConsequentSupport);

    /// <summary>(1 − s(C)) / (1 − confidence); +∞ when the confidence is 1.</summary>
    public double Conviction => Count == AntecedentCount ? double.PositiveInfinity : (1 - ConsequentSupport) / (1 - Confidence);

    /// <summary>
    /// Zhang's metric in [-1, 1]: leverage / max(s(A ∪ C)(1 − s(A)), s(A)(s(C) − s(A ∪ C))); 0 when both terms are 0
    /// (then the leverage is 0 too).
    /// </summary>
    public double ZhangsMetric
    {
        get
        {
            var denominator = Math.Max(Support * (1 - AntecedentSupport), AntecedentSupport * (ConsequentSupport - Support));
            return denominator == 0 ? 0 : Leverage / denominator;
        }
    }

    /// <summary>s(A ∪ C) / (s(A) + s(C) − s(A ∪ C)): overlap of the baskets holding A and those holding C.</summary>
    public double Jaccard => Count / (double)(AntecedentCount + ConsequentCount - Count);
}
