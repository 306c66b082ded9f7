using System.Globalization;
using Patron.DuckDb;
using Patron.Warehouse;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// What the feature kernel needs of every product as of a cutoff (<c>Sql/partition_products.sql</c>: the version of
/// <c>silver.product_versions</c> in force then), found by that version's row id.
/// Categories and brands are numbered in ordinal order of their names, so a smaller number is the smaller name and
/// sums over a customer's categories run in one fixed order.
/// </summary>
internal sealed class ProductTable
{
    private readonly int[] _byRow;

    private ProductTable(int[] byRow, int[] category, int[] brand, bool[] nonProduct, string[] categories, string[] brands)
    {
        _byRow = byRow;
        Category = category;
        Brand = brand;
        NonProduct = nonProduct;
        CategoryNames = categories;
        BrandNames = brands;
    }

    /// <summary>Each product's category number, or -1 when it has none.</summary>
    public int[] Category { get; }

    /// <summary>Each product's brand number, or -1 when it has none.</summary>
    public int[] Brand { get; }

    /// <summary>Postage, fees and other lines that count in money but not in units or affinity.</summary>
    public bool[] NonProduct { get; }

    public string[] CategoryNames { get; }

    public string[] BrandNames { get; }

    /// <summary>The index of the product with row id <paramref name="row"/>.</summary>
    public int IndexOf(long row) => (ulong)row < (ulong)_byRow.Length && _byRow[row] >= 0
        ? _byRow[row]
        : throw new InvalidOperationException($"silver.product_versions has no row {row}; it changed while features were being built.");

    public static ProductTable Read(DuckDbConnection connection, DateOnly cutoff)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["cutoff"] = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var rows = new List<long>();
        var categoryText = new List<string?>();
        var brandText = new List<string?>();
        var nonProduct = new List<bool>();
        using (var reader = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(typeof(ProductTable).Assembly, "partition_products.sql"), values)))
        {
            while (reader.NextChunk())
            {
                var row = reader.Column(0);
                var category = reader.Column(1);
                var brand = reader.Column(2);
                var flag = reader.Column(3);
                for (var r = 0; r < reader.RowCount; r++)
                {
                    rows.Add(row.GetInt64(r));
                    categoryText.Add(category.IsNull(r) ? null : category.GetString(r));
                    brandText.Add(brand.IsNull(r) ? null : brand.GetString(r));
                    nonProduct.Add(flag.GetBoolean(r));
                }
            }
        }

        var (categories, categoryNumbers) = Number(categoryText);
        var (brands, brandNumbers) = Number(brandText);
        // Row ids run from 0 with few gaps, so a dense array finds a product in one step.
        var largest = -1L;
        foreach (var row in rows)
        {
            largest = Math.Max(largest, row);
        }

        var byRow = new int[checked((int)(largest + 1))];
        Array.Fill(byRow, -1);
        for (var i = 0; i < rows.Count; i++)
        {
            byRow[rows[i]] = i;
        }

        if (categories.Length > char.MaxValue)
        {
            throw new NotSupportedException($"silver.products has {categories.Length:N0} categories; the feature kernel handles up to {(int)char.MaxValue:N0}.");
        }

        return new ProductTable(byRow, categoryNumbers, brandNumbers, [.. nonProduct], categories, brands);
    }

    private static (string[] Names, int[] Numbers) Number(List<string?> values)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is not null)
            {
                distinct.Add(value);
            }
        }

        var names = distinct.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var lookup = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            lookup.Add(names[i], i);
        }

        var numbers = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            numbers[i] = values[i] is { } value ? lookup[value] : -1;
        }

        return (names, numbers);
    }
}
