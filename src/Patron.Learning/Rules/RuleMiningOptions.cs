namespace Patron.Learning.Rules;

/// <summary>Settings of frequent-itemset mining (FP-Growth) and of the rules drawn from the itemsets.</summary>
public sealed record RuleMiningOptions
{
    /// <summary>Smallest share of baskets an itemset must appear in, in (0, 1]; compared as count / baskets ≥ this.</summary>
    public double MinSupport { get; init; } = 0.01;

    /// <summary>Longest itemset mined (antecedent and consequent together), at least 1.</summary>
    public int MaxLength { get; init; } = 3;

    /// <summary>Smallest confidence P(consequent | antecedent) of a rule kept, in [0, 1].</summary>
    public double MinConfidence { get; init; } = 0.1;

    /// <summary>Smallest lift of a rule kept (1 = no better than chance).</summary>
    public double MinLift { get; init; } = 1.0;

    /// <summary>Baskets with more distinct items than this are left out of mining (and counted), at least 1.</summary>
    public int MaxBasket { get; init; } = 100;

    /// <summary>
    /// Memory the itemsets may take, in bytes; mining stops with a <see cref="RuleMiningException"/> when the itemsets
    /// found would need more (about 24 bytes plus 4 per item each, in the result and its lookup table).
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = 512L << 20;

    /// <summary>
    /// Threads that mine the first tree's items side by side: 0 (the default) for one per core, 1 for none. The itemsets,
    /// their order and the rules are the same for every count.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(MinSupport > 0 && MinSupport <= 1, nameof(MinSupport), MinSupport, "in (0, 1]");
        Require(MaxLength >= 1, nameof(MaxLength), MaxLength, "at least 1");
        Require(MinConfidence >= 0 && MinConfidence <= 1, nameof(MinConfidence), MinConfidence, "in [0, 1]");
        Require(MinLift >= 0 && !double.IsNaN(MinLift), nameof(MinLift), MinLift, "≥ 0");
        Require(MaxBasket >= 1, nameof(MaxBasket), MaxBasket, "at least 1");
        Require(Threads >= 0, nameof(Threads), Threads, "0 (one per core) or more");
        Require(MemoryBudgetBytes >= 1 << 20, nameof(MemoryBudgetBytes), MemoryBudgetBytes, "at least 1 MiB");
    }

    /// <summary>The threads to mine on: <see cref="Threads"/>, or the core count when it is 0.</summary>
    internal int ThreadCount() => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>Itemsets of length <paramref name="length"/> that fit the budget.</summary>
    internal long MaxItemsets(int length) => MemoryBudgetBytes / ItemsetBytes(length);

    internal static long ItemsetBytes(int length) => 24 + (4L * length);

    /// <summary>The smallest basket count whose share reaches <see cref="MinSupport"/>, the way count / n ≥ s compares.</summary>
    public int MinCount(int baskets)
    {
        var count = (long)Math.Ceiling(MinSupport * baskets);
        while (count > 1 && (count - 1) / (double)baskets >= MinSupport)
        {
            count--;
        }

        while (count / (double)baskets < MinSupport)
        {
            count++;
        }

        return (int)Math.Max(1, count);
    }

    private static void Require(bool condition, string name, object value, string expected)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {expected}.");
        }
    }
}
