using System.Globalization;
using System.Text;
using Patron.Demo.Catalog;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

/// <summary>
/// What the Online Retail format adds to the simulated shop: per product a stock code, a description and one price
/// change; per customer a possible move to another country; the country names of the format. Every choice is a
/// fixed function of the seed and the product or customer number, so it never depends on the block that uses it.
/// Immutable after construction; safe to share between threads.
/// </summary>
internal sealed class RetailCatalog
{
    /// <summary>The first invoice number of the UCI data set; generated invoices count up from it.</summary>
    public const long FirstInvoice = 536_365;

    /// <summary>CustomerID = this + the simulated customer number (the UCI ids start at 12346).</summary>
    public const long CustomerIdBase = 12_345;

    /// <summary>Share of products whose price changes once during the history.</summary>
    public const double PriceChangeShare = 0.3;

    /// <summary>Share of customers who move to another country once during the history.</summary>
    public const double MoveShare = 0.03;

    private const ulong PriceStream = 0x52E7A1;
    private const ulong MoveStream = 0x52E7A2;

    /// <summary>The generic shop's country codes as the UCI file names them.</summary>
    private static readonly string[] CountryNames =
    [
        "Germany", "France", "United Kingdom", "Netherlands", "Spain", "Italy", "Austria", "Belgium", "Poland", "Sweden",
        "Switzerland", "Denmark", "EIRE", "USA",
    ];

    private static readonly string[] Variants =
    [
        "WHITE", "RED", "BLUE", "PINK", "GREEN", "IVORY", "BLACK", "VINTAGE", "SET OF 3", "JUMBO", "MINI", "RETRO",
    ];

    private readonly ulong _seed;
    private readonly int _historyDays;

    public RetailCatalog(ProductCatalog catalog, ulong seed, int historyDays)
    {
        _seed = seed;
        _historyDays = historyDays;
        StockCodes = new byte[catalog.Count][];
        Descriptions = new byte[catalog.Count][];
        PriceChangeDay = new int[catalog.Count];
        PriceFactor = new double[catalog.Count];
        for (var p = 0; p < catalog.Count; p++)
        {
            var number = p + 1;
            StockCodes[p] = Encoding.ASCII.GetBytes(StockCode(number));
            var subcategory = ShopVocabulary.Subcategories[catalog.Category[p]][catalog.Subcategory[p]];
            Descriptions[p] = Encoding.UTF8.GetBytes(string.Join(' ',
                Variants[number % Variants.Length], subcategory.ToUpperInvariant(), catalog.BrandNames[catalog.Brand[p]].ToUpperInvariant()));
            var u = Uniform(PriceStream, (ulong)number, 0);
            if (u < PriceChangeShare)
            {
                PriceChangeDay[p] = (int)(Uniform(PriceStream, (ulong)number, 1) * historyDays);

                // Mostly rises of 5–25 %, a fifth of them cuts of 10–20 %: both ways, so a later price can look like an outlier.
                PriceFactor[p] = Uniform(PriceStream, (ulong)number, 2) < 0.8
                    ? 1.05 + 0.2 * Uniform(PriceStream, (ulong)number, 3)
                    : 0.8 + 0.1 * Uniform(PriceStream, (ulong)number, 3);
            }
            else
            {
                PriceChangeDay[p] = int.MaxValue;
                PriceFactor[p] = 1.0;
            }
        }

        Countries = ProductCatalog.ToUtf8(CountryNames);
        UnitedKingdom = Array.IndexOf(ShopVocabulary.Countries, "GB");
    }

    /// <summary>Stock code per product index: five digits, one product in nine with a letter, as in the UCI codes.</summary>
    public byte[][] StockCodes { get; }

    public byte[][] Descriptions { get; }

    /// <summary>Day offset (since the first day of history) from which the product sells at its new price; int.MaxValue if never.</summary>
    public int[] PriceChangeDay { get; }

    public double[] PriceFactor { get; }

    /// <summary>Country names, indexed like <see cref="ShopVocabulary.Countries"/>.</summary>
    public byte[][] Countries { get; }

    /// <summary>Index of the home market: other customers' invoices get postage lines.</summary>
    public int UnitedKingdom { get; }

    /// <summary>The price of a line of product index <paramref name="product"/> on day offset <paramref name="day"/>.</summary>
    public int PriceOn(int product, int day, int cents) =>
        product < 0 || product >= PriceChangeDay.Length || day < PriceChangeDay[product] || cents <= 0
            ? cents
            : Math.Max(1, (int)Math.Round(cents * PriceFactor[product]));

    /// <summary>
    /// The day offset from which customer number <paramref name="customerNumber"/> lives in another country, and that
    /// country's index; (int.MaxValue, home) for the customers who never move.
    /// </summary>
    public (int Day, int Country) Move(int customerNumber, int home)
    {
        if (!(Uniform(MoveStream, (ulong)customerNumber, 0) < MoveShare))
        {
            return (int.MaxValue, home);
        }

        var day = (int)(Uniform(MoveStream, (ulong)customerNumber, 1) * _historyDays);
        var other = (home + 1 + (int)(Uniform(MoveStream, (ulong)customerNumber, 2) * (CountryNames.Length - 1))) % CountryNames.Length;
        return (day, other);
    }

    /// <summary>Five digits from the product number (10001 upwards), with a letter on every ninth product.</summary>
    public static string StockCode(int productNumber)
    {
        var digits = (10_000 + productNumber).ToString(CultureInfo.InvariantCulture);
        return productNumber % 9 == 0 ? digits + (char)('A' + productNumber / 9 % 6) : digits;
    }

    private double Uniform(ulong purpose, ulong number, ulong draw) =>
        (SplitMix64.Derive(_seed, purpose, number * 8 + draw) >> 11) * (1.0 / (1UL << 53));
}
