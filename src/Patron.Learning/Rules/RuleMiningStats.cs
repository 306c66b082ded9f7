namespace Patron.Learning.Rules;

/// <summary>What a mining run saw and found.</summary>
/// <param name="Baskets">Baskets mined (within the basket size limit): the denominator of every support.</param>
/// <param name="SkippedBaskets">Baskets left out for holding more distinct items than the limit.</param>
/// <param name="MinCount">Smallest basket count of a frequent itemset (the minimum support in baskets).</param>
/// <param name="FrequentItems">Items that are frequent on their own.</param>
/// <param name="EstimatedItemsets">
/// Upper bound on the itemsets, worked out before mining: per length k, the smaller of C(frequent items, k) and
/// Σ over baskets of C(frequent items in the basket, k) / MinCount (each frequent itemset fills at least MinCount
/// of those basket subsets).
/// </param>
/// <param name="TreeNodes">Nodes of the first FP-tree.</param>
public sealed record RuleMiningStats(int Baskets, int SkippedBaskets, int MinCount, int FrequentItems, double EstimatedItemsets, int TreeNodes);
