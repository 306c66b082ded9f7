using System.Text;
using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Catalog;

/// <summary>
/// The generated product range: categories, subcategories, brands, base prices, margins and a Zipf popularity,
/// with the cumulative weights that let customers pick products by popularity within a category or a brand.
/// Immutable after <see cref="Build"/>; safe to share between threads.
/// </summary>
internal sealed partial class ProductCatalog
{
    private readonly int[] _sortedProducts;
    private readonly double[] _cumulativeInCategory;
    private readonly double[] _cumulativeInBrand;
    private readonly int[] _guideInCategory;
    private readonly int[] _guideInBrand;
    private readonly int[] _categoryStart;
    private readonly int[] _brandStart;
    private readonly int[] _categoryBrandStart;
    private readonly double[] _brandPopularityCumulative;

    private ProductCatalog(int count, int brandCount)
    {
        Count = count;
        Category = new byte[count];
        Subcategory = new byte[count];
        Brand = new int[count];
        BaseCents = new int[count];
        LogBasePrice = new double[count];
        MarginHundredths = new int[count];
        BrandMissing = new bool[count];
        Popularity = new double[count];
        BrandNames = new string[brandCount];
        _sortedProducts = new int[count];
        _cumulativeInCategory = new double[count];
        _cumulativeInBrand = new double[count];
        _guideInCategory = new int[count];
        _guideInBrand = new int[count];
        _categoryStart = new int[ShopVocabulary.Categories.Length + 1];
        _brandStart = new int[brandCount + 1];
        _categoryBrandStart = new int[ShopVocabulary.Categories.Length + 1];
        _brandPopularityCumulative = new double[brandCount];
    }

    public int Count { get; }

    public byte[] Category { get; }

    public byte[] Subcategory { get; }

    public int[] Brand { get; }

    public int[] BaseCents { get; }

    public double[] LogBasePrice { get; }

    public int[] MarginHundredths { get; }

    /// <summary>Products whose brand is left empty in products.csv (an injected missing value).</summary>
    public bool[] BrandMissing { get; }

    /// <summary>Zipf weight 1 / rank^s of each product.</summary>
    public double[] Popularity { get; }

    public string[] BrandNames { get; }

    /// <summary>Cumulative popularity of the categories, for purchases outside a customer's favourites.</summary>
    public double[] CategoryPopularityCumulative { get; } = new double[ShopVocabulary.Categories.Length];

    public int MissingBrandCount { get; private set; }

    /// <summary>A product of <paramref name="category"/>, drawn by popularity.</summary>
    public int PickInCategory(ref Xoshiro256StarStar rng, int category)
    {
        var start = _categoryStart[category];
        var length = _categoryStart[category + 1] - start;
        return _sortedProducts[start + Sampling.FromCumulative(ref rng, _cumulativeInCategory.AsSpan(start, length), _guideInCategory.AsSpan(start, length))];
    }

    /// <summary>A product of <paramref name="brand"/>, drawn by popularity; the brand must have products.</summary>
    public int PickInBrand(ref Xoshiro256StarStar rng, int brand)
    {
        var start = _brandStart[brand];
        var length = _brandStart[brand + 1] - start;
        return _sortedProducts[start + Sampling.FromCumulative(ref rng, _cumulativeInBrand.AsSpan(start, length), _guideInBrand.AsSpan(start, length))];
    }

    /// <summary>A brand of <paramref name="category"/> drawn by the popularity of its products (never an empty brand).</summary>
    public int PickBrand(ref Xoshiro256StarStar rng, int category)
    {
        var start = _categoryBrandStart[category];
        var length = _categoryBrandStart[category + 1] - start;
        return start + Sampling.FromCumulative(ref rng, _brandPopularityCumulative.AsSpan(start, length));
    }

    /// <summary>
    /// The base price of a product number outside the catalog (an orphan row): a fixed function of the seed and the
    /// number, so every row of the same orphan product has prices within ±5 % of one base and none looks like an outlier.
    /// </summary>
    public static int OrphanBaseCents(ulong seed, int productNumber)
    {
        var u = (SplitMix64.Derive(seed, 0x0A9B, (ulong)productNumber) >> 11) * (1.0 / (1UL << 53));
        return (int)Math.Round(Math.Exp(Math.Log(5.0) + u * Math.Log(100.0)) * 100.0);
    }

    /// <summary>products.csv with its header.</summary>
    public void WriteCsv(ByteBuffer buffer)
    {
        var categoryBytes = ToUtf8(ShopVocabulary.Categories);
        var subcategoryBytes = new byte[ShopVocabulary.Subcategories.Length][][];
        for (var c = 0; c < subcategoryBytes.Length; c++)
        {
            subcategoryBytes[c] = ToUtf8(ShopVocabulary.Subcategories[c]);
        }

        var brandBytes = ToUtf8(BrandNames);
        buffer.Append("product_id,category,subcategory,brand,base_price,margin\n"u8);
        for (var j = 0; j < Count; j++)
        {
            buffer.AppendId((byte)'P', j + 1, 5);
            buffer.Append((byte)',');
            buffer.Append(categoryBytes[Category[j]]);
            buffer.Append((byte)',');
            buffer.Append(subcategoryBytes[Category[j]][Subcategory[j]]);
            buffer.Append((byte)',');
            if (!BrandMissing[j])
            {
                buffer.Append(brandBytes[Brand[j]]);
            }

            buffer.Append((byte)',');
            buffer.AppendCents(BaseCents[j]);
            buffer.Append((byte)',');
            buffer.AppendHundredths(MarginHundredths[j]);
            buffer.Append((byte)'\n');
        }
    }

    internal static byte[][] ToUtf8(string[] values)
    {
        var result = new byte[values.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = Encoding.UTF8.GetBytes(values[i]);
        }

        return result;
    }
}
