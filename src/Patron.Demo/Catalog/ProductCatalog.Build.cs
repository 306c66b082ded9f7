using Patron.Demo.Randomness;

namespace Patron.Demo.Catalog;

internal sealed partial class ProductCatalog
{
    private const int MaxBrandsPerCategory = 50;
    private const int ProductsPerBrand = 15;

    /// <summary>
    /// Generates a catalog of <paramref name="count"/> products from its own random stream; each product's brand is
    /// written empty with probability <paramref name="missingBrandRate"/>.
    /// </summary>
    public static ProductCatalog Build(int count, double zipfExponent, double missingBrandRate, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var categoryCount = ShopVocabulary.Categories.Length;
        var perCategory = SplitByWeights(count, ShopVocabulary.CategoryWeights);
        var brandsPerCategory = new int[categoryCount];
        var brandCount = 0;
        for (var c = 0; c < categoryCount; c++)
        {
            brandsPerCategory[c] = Math.Clamp(perCategory[c] / ProductsPerBrand, 4, MaxBrandsPerCategory);
            brandCount += brandsPerCategory[c];
        }

        var catalog = new ProductCatalog(count, brandCount);
        catalog.NameBrands(ref rng);

        // Shuffle the category assignment so product ids are not grouped by category.
        var categoryOf = new byte[count];
        for (int c = 0, j = 0; c < categoryCount; c++)
        {
            for (var k = 0; k < perCategory[c]; k++)
            {
                categoryOf[j++] = (byte)c;
            }
        }

        Shuffle(ref rng, categoryOf);

        // Brands are numbered contiguously per category; within a category their sizes follow a Zipf(1) law and
        // each carries a price premium, so some brands are large and some are premium.
        var brandSizeCumulative = new double[brandCount];
        var brandPremium = new double[brandCount];
        for (int c = 0, b = 0; c < categoryCount; c++)
        {
            catalog._categoryBrandStart[c] = b;
            var sum = 0.0;
            for (var k = 0; k < brandsPerCategory[c]; k++, b++)
            {
                sum += 1.0 / (k + 1);
                brandSizeCumulative[b] = sum;
                brandPremium[b] = Sampling.LogNormal(ref rng, 0.0, 0.25);
            }
        }

        catalog._categoryBrandStart[categoryCount] = brandCount;

        for (var j = 0; j < count; j++)
        {
            var c = categoryOf[j];
            catalog.Category[j] = c;
            catalog.Subcategory[j] = (byte)rng.NextInt(ShopVocabulary.Subcategories[c].Length);
            var firstBrand = catalog._categoryBrandStart[c];
            var brand = firstBrand + Sampling.FromCumulative(ref rng, brandSizeCumulative.AsSpan(firstBrand, brandsPerCategory[c]));
            catalog.Brand[j] = brand;
            var price = ShopVocabulary.CategoryMedianPrice[c] * brandPremium[brand] * Sampling.LogNormal(ref rng, 0.0, 0.6);
            var cents = CharmPrice(Math.Clamp(price, 1.0, 5000.0));
            catalog.BaseCents[j] = cents;
            catalog.LogBasePrice[j] = Math.Log(cents / 100.0);
            var margin = ShopVocabulary.CategoryMargin[c] + 0.06 * Sampling.StandardNormal(ref rng);
            catalog.MarginHundredths[j] = (int)Math.Round(Math.Clamp(margin, 0.05, 0.8) * 100.0);
            if (rng.NextDouble() < missingBrandRate)
            {
                catalog.BrandMissing[j] = true;
                catalog.MissingBrandCount++;
            }
        }

        // Popularity: a random rank per product, weight 1 / rank^s (Zipf).
        var ranks = new int[count];
        for (var j = 0; j < count; j++)
        {
            ranks[j] = j + 1;
        }

        Shuffle(ref rng, ranks);
        for (var j = 0; j < count; j++)
        {
            catalog.Popularity[j] = Math.Pow(ranks[j], -zipfExponent);
        }

        catalog.IndexByBrand();
        return catalog;
    }

    /// <summary>Prices end in .99 above 5 and on a multiple of 5 cents below, as shops price.</summary>
    private static int CharmPrice(double price) =>
        price >= 5.0 ? (int)Math.Ceiling(price) * 100 - 1 : (int)Math.Round(price * 20.0) * 5;

    private void NameBrands(ref Xoshiro256StarStar rng)
    {
        var starts = ShopVocabulary.BrandStarts;
        var endings = ShopVocabulary.BrandEndings;
        var names = new string[starts.Length * endings.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            for (var k = 0; k < endings.Length; k++)
            {
                names[i * endings.Length + k] = starts[i] + endings[k];
            }
        }

        Shuffle(ref rng, names);
        Array.Copy(names, BrandNames, BrandNames.Length);
    }

    /// <summary>Sorts product indices by brand (brands are contiguous per category) and builds the cumulative weights.</summary>
    private void IndexByBrand()
    {
        var keys = new long[Count];
        for (var j = 0; j < Count; j++)
        {
            keys[j] = (long)Brand[j] * Count + j;
            _sortedProducts[j] = j;
        }

        Array.Sort(keys, _sortedProducts);
        var categoryCount = ShopVocabulary.Categories.Length;
        var categorySum = 0.0;
        var brandSum = 0.0;
        var currentCategory = -1;
        var currentBrand = -1;
        for (var i = 0; i < Count; i++)
        {
            var product = _sortedProducts[i];
            var category = Category[product];
            var brand = Brand[product];
            while (currentCategory < category)
            {
                _categoryStart[++currentCategory] = i;
                categorySum = 0.0;
            }

            while (currentBrand < brand)
            {
                _brandStart[++currentBrand] = i;
                brandSum = 0.0;
            }

            categorySum += Popularity[product];
            brandSum += Popularity[product];
            _cumulativeInCategory[i] = categorySum;
            _cumulativeInBrand[i] = brandSum;
        }

        while (currentCategory < categoryCount)
        {
            _categoryStart[++currentCategory] = Count;
        }

        while (currentBrand < BrandNames.Length)
        {
            _brandStart[++currentBrand] = Count;
        }

        var total = 0.0;
        for (var c = 0; c < categoryCount; c++)
        {
            var brandTotal = 0.0;
            for (var b = _categoryBrandStart[c]; b < _categoryBrandStart[c + 1]; b++)
            {
                var start = _brandStart[b];
                var end = _brandStart[b + 1];
                brandTotal += end > start ? _cumulativeInBrand[end - 1] : 0.0;
                _brandPopularityCumulative[b] = brandTotal;
                if (end > start)
                {
                    Sampling.BuildGuide(_cumulativeInBrand.AsSpan(start, end - start), _guideInBrand.AsSpan(start, end - start));
                }
            }

            var start0 = _categoryStart[c];
            var end0 = _categoryStart[c + 1];
            total += end0 > start0 ? _cumulativeInCategory[end0 - 1] : 0.0;
            CategoryPopularityCumulative[c] = total;
            if (end0 > start0)
            {
                Sampling.BuildGuide(_cumulativeInCategory.AsSpan(start0, end0 - start0), _guideInCategory.AsSpan(start0, end0 - start0));
            }
        }
    }

    /// <summary>Product counts per category in proportion to the weights, every category getting at least five.</summary>
    private static int[] SplitByWeights(int count, double[] weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var result = new int[weights.Length];
        var assigned = 0;
        for (var c = 0; c < weights.Length; c++)
        {
            result[c] = Math.Max(5, (int)(count * weights[c] / total));
            assigned += result[c];
        }

        // Rounding leftovers (or the minimum's excess) go to or come from the largest category.
        var largest = 0;
        for (var c = 1; c < weights.Length; c++)
        {
            if (weights[c] > weights[largest])
            {
                largest = c;
            }
        }

        result[largest] += count - assigned;
        return result;
    }

    private static void Shuffle<T>(ref Xoshiro256StarStar rng, T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var k = rng.NextInt(i + 1);
            (items[i], items[k]) = (items[k], items[i]);
        }
    }
}
