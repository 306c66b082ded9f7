using System.Globalization;

namespace Patron.Learning.Rules;

/// <summary>
/// The memory budget of one mining run, shared by every thread: each itemset found is charged its bytes, and the
/// first charge past <see cref="RuleMiningOptions.MemoryBudgetBytes"/> stops mining with a <see cref="RuleMiningException"/>.
/// </summary>
/// <remarks>
/// Thread-safe. The total charged does not depend on the order of the charges, so the budget is exceeded for the same
/// data and options whatever the thread count.
/// </remarks>
internal sealed class ItemsetBudget
{
    private readonly RuleMiningOptions _options;
    private readonly double _estimate;
    private long _bytes;
    private long _itemsets;

    public ItemsetBudget(RuleMiningOptions options, double estimate)
    {
        _options = options;
        _estimate = estimate;
    }

    /// <summary>Charges one itemset of <paramref name="length"/> items.</summary>
    /// <exception cref="RuleMiningException">The itemsets found so far exceed the budget.</exception>
    public void Charge(int length)
    {
        var itemsets = Interlocked.Increment(ref _itemsets);
        if (Interlocked.Add(ref _bytes, RuleMiningOptions.ItemsetBytes(length)) > _options.MemoryBudgetBytes)
        {
            Exceeded(itemsets - 1);
        }
    }

    private void Exceeded(long found) => throw new RuleMiningException(
        $"Minimum support {_options.MinSupport.ToString("G4", CultureInfo.InvariantCulture)} is too low for this data: " +
        $"more than {FpGrowth.Describe(found)} itemsets of up to {_options.MaxLength} items (estimated up to {FpGrowth.Describe(_estimate)}) " +
        $"exceed the memory budget of {_options.MemoryBudgetBytes >> 20} MiB. Raise the minimum support, lower the maximum length " +
        $"or the maximum basket size ({_options.MaxBasket}), or raise the budget.");
}
