namespace Patron.Features.Build.Kernel;

/// <summary>Affinity features: category and brand concentration and the favourite category; also hands the population-wide groups their inputs.</summary>
internal sealed partial class CustomerKernel
{
    private void Affinity(int row, ReadOnlySpan<byte> id, in OrderTotals t)
    {
        var f = _block;
        var categories = Concentrate(_categorySpend, out var categoryTotal, out var categoryTop, out var favourite);
        var brands = Concentrate(_brandSpend, out var brandTotal, out var brandTop, out _);
        f.Set(C.DistinctCategories, row, (long)categories);
        f.Set(C.DistinctBrands, row, (long)brands);
        if (_bought.Length < categories)
        {
            _bought = new int[Math.Max(categories, _bought.Length * 2)];
        }

        if (categories > 0)
        {
            f.SetCode(C.FavouriteCategory, row, favourite);
            f.Set(C.FavouriteShare, row, Money(categoryTop) / Money(categoryTotal));
            var entropy = 0.0;
            var k = 0;
            foreach (var (key, spend) in _categorySpend)
            {
                var share = Money(spend) / Money(categoryTotal);
                entropy += -share * Math.Log2(share);
                _bought[k++] = key;
            }

            f.Set(C.CategoryEntropy, row, entropy);
        }

        Population.Add(id, (long)_cutoffDay - t.LastDay, t.Purchases, t.Net, _bought.AsSpan(0, categories));
        if (brands > 0)
        {
            f.Set(C.TopBrandShare, row, Money(brandTop) / Money(brandTotal));
            var hhi = 0.0;
            foreach (var (_, spend) in _brandSpend)
            {
                var share = Money(spend) / Money(brandTotal);
                hhi += share * share;
            }

            f.Set(C.BrandHhi, row, hhi);
        }
    }

    /// <summary>Adds up spend per key in place (sorted by key), returning how many keys there are, the total, the
    /// largest spend and the first key (smallest name) that has it.</summary>
    private static int Concentrate(List<(int Key, long Spend)> spend, out long total, out long top, out int topKey)
    {
        total = 0;
        top = 0;
        topKey = -1;
        if (spend.Count == 0)
        {
            return 0;
        }

        spend.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var kept = 0;
        for (var i = 0; i < spend.Count; i++)
        {
            if (kept > 0 && spend[kept - 1].Key == spend[i].Key)
            {
                spend[kept - 1] = (spend[i].Key, spend[kept - 1].Spend + spend[i].Spend);
            }
            else
            {
                spend[kept++] = spend[i];
            }
        }

        spend.RemoveRange(kept, spend.Count - kept);
        foreach (var (key, amount) in spend)
        {
            total += amount;
            if (amount > top || topKey < 0)
            {
                top = amount;
                topKey = key;
            }
        }

        return kept;
    }
}
