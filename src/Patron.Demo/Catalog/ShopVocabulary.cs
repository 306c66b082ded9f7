namespace Patron.Demo.Catalog;

/// <summary>
/// The fixed vocabulary of the demo shop: categories with their price levels and margins, customer attributes and
/// payment methods, each with the weight it is drawn with. Weights need not sum to one.
/// </summary>
internal static class ShopVocabulary
{
    public static readonly string[] Categories = ["Electronics", "Home", "Fashion", "Beauty", "Sports", "Books", "Toys", "Grocery"];

    /// <summary>Share of the product range per category.</summary>
    public static readonly double[] CategoryWeights = [0.14, 0.16, 0.20, 0.12, 0.10, 0.10, 0.08, 0.10];

    /// <summary>Median base price per category.</summary>
    public static readonly double[] CategoryMedianPrice = [120, 40, 35, 18, 45, 14, 22, 6];

    /// <summary>Mean gross margin per category.</summary>
    public static readonly double[] CategoryMargin = [0.18, 0.35, 0.50, 0.55, 0.35, 0.25, 0.40, 0.22];

    public static readonly string[][] Subcategories =
    [
        ["Phones", "Laptops", "Audio", "Cameras", "Accessories", "Gaming"],
        ["Kitchen", "Furniture", "Decor", "Bedding", "Lighting"],
        ["Women", "Men", "Kids", "Shoes", "Bags"],
        ["Skincare", "Makeup", "Haircare", "Fragrance"],
        ["Fitness", "Outdoor", "Cycling", "Running", "Team Sports"],
        ["Fiction", "Non-fiction", "Children", "Comics", "Cookbooks"],
        ["Games", "Puzzles", "Construction", "Dolls", "Outdoor Play"],
        ["Coffee", "Snacks", "Beverages", "Pantry", "Organic"],
    ];

    /// <summary>Brand names are a first part and an ending: 27 × 16 distinct names, shuffled per shop.</summary>
    public static readonly string[] BrandStarts =
    [
        "Nor", "Alt", "Bel", "Cor", "Dun", "Eva", "Fal", "Gra", "Hel", "Ivo", "Jun", "Kal", "Lum", "Mar",
        "Nov", "Ori", "Pax", "Qui", "Ros", "Sol", "Tor", "Ulm", "Ven", "Wil", "Xan", "Yor", "Zen",
    ];

    public static readonly string[] BrandEndings =
    [
        "vik", "ora", "tex", "mond", "ia", "ello", "ux", "aro", "ent", "ica", "ford", "lux", "wave", "line", "by", "oni",
    ];

    public static readonly string[] Countries = ["DE", "FR", "GB", "NL", "ES", "IT", "AT", "BE", "PL", "SE", "CH", "DK", "IE", "US"];

    public static readonly double[] CountryWeights = [0.28, 0.14, 0.12, 0.08, 0.08, 0.08, 0.05, 0.04, 0.04, 0.03, 0.03, 0.01, 0.01, 0.01];

    public static readonly string[] EmailDomains =
    [
        "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "gmx.de", "web.de", "orange.fr",
        "northwind.com", "contoso.com", "fabrikam.com", "adventure-works.com", "tailspintoys.com", "globex.com", "initech.com",
    ];

    public static readonly double[] EmailDomainWeights = [0.30, 0.14, 0.08, 0.08, 0.07, 0.08, 0.07, 0.04, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01];

    public static readonly string[] AcquisitionChannels = ["organic", "paid_search", "social", "email", "referral", "affiliate"];

    public static readonly double[] AcquisitionChannelWeights = [0.35, 0.22, 0.15, 0.10, 0.10, 0.08];

    public static readonly string[] PaymentMethods = ["card", "paypal", "bank_transfer", "cash_on_delivery", "gift_card"];

    public static readonly double[] PaymentMethodWeights = [0.45, 0.28, 0.10, 0.07, 0.10];

    /// <summary>Units per order line, 1 to 5, mostly 1.</summary>
    public static readonly double[] QuantityWeights = [0.72, 0.16, 0.07, 0.03, 0.02];

    /// <summary>Discount rates in hundredths, drawn uniformly when a transaction is discounted.</summary>
    public static readonly int[] DiscountHundredths = [5, 10, 15, 20, 25, 30];
}
