namespace Patron.Features.Tests.Support;

/// <summary>
/// The hand-computed shop (cutoff 2024-07-01, horizon 90 days). C1 and C2 are the population; C3 bought only after the
/// cutoff (and returned before it) and C4 never bought, so neither gets a row. Expected values are worked out by hand in
/// <see cref="HandComputed"/>.
/// </summary>
internal static class TinyShop
{
    public static readonly DateOnly Cutoff = new(2024, 7, 1);

    public static SilverShop Build()
    {
        var shop = new SilverShop()
            .Customer("C1", "2024-01-01 00:00:00", 34, "DE", "gmail.com", "organic")
            .Customer("C2", "2024-05-01 00:00:00", 61, "FR", "company.com", "paid_search")
            .Customer("C3", "2024-01-01 00:00:00", 40, "NL", "school.edu", "social")
            .Customer("C4", "2024-01-01 00:00:00", 22, "US", "yahoo.com", "email")
            .Product("P1", "Books", "Acme", 0.3)
            .Product("P2", "Electronics", "Sonic", 0.2)
            .Product("P3", "Books", "Bolt", null)
            .Product("SHIP", null, null, null, nonProduct: true);

        // C1: three purchases (Wednesday morning, Saturday evening, Thursday afternoon) and one return.
        shop.Order("O1", "C1", "2024-01-10 10:00:00", "card", [new("P1", 2, 10), new("P2", 1, 100, 10)], installments: 3,
            delivered: "2024-01-14 09:00:00", estimated: "2024-01-15 00:00:00");
        shop.Order("O2", "C1", "2024-03-09 20:00:00", "paypal", [new("P1", 1, 10), new("P2", 1, 5000, Outlier: true)],
            delivered: "2024-07-03 00:00:00", estimated: "2024-03-15 00:00:00");
        shop.Return("R1", "C1", "2024-03-20 12:00:00", new Line("P2", -1, 90));
        shop.Order("O3", "C1", "2024-06-20 14:30:00", "card", [new("P3", 1, 30)], installments: 1,
            delivered: "2024-06-24 08:00:00", estimated: "2024-06-22 00:00:00");
        shop.Order("O4", "C1", "2024-07-15 09:00:00", "card", [new("P1", 1, 10)]);
        shop.Review("V1", "O1", 5, "2024-01-20 00:00:00");
        shop.Review("V2", "O3", 2, "2024-06-25 00:00:00");
        shop.Review("V3", "O2", 1, "2024-07-05 00:00:00");
        shop.Session("S1", "C1", "2024-06-01 10:00:00", 120, 4, false);
        shop.Session("S2", "C1", "2024-06-20 14:00:00", 300, 6, true);
        shop.Session("S3", "C1", "2024-07-02 10:00:00", 999, 99, true);

        // C2: one late-night Sunday purchase by bank transfer, postage included (money, but no units or category).
        shop.Order("O5", "C2", "2024-06-30 23:30:00", "bank_transfer", [new("P2", 1, 100), new("SHIP", 1, 5)]);

        // C3: returns before the cutoff without ever buying before it; buys after it.
        shop.Return("R2", "C3", "2024-02-01 10:00:00", new Line("P1", -1, 10));
        shop.Order("O6", "C3", "2024-08-01 10:00:00", "card", [new("P1", 1, 10)]);

        shop.Event("E1", "C1", "2024-06-01 10:00:00", "view", "P1");
        shop.Event("E1", "C1", "2024-06-01 10:01:00", "cart", "P1");
        shop.Event("E2", "C2", "2024-06-02 10:00:00", "view", "P1");
        shop.Event("E2", "C2", "2024-06-02 10:00:00", "view", "P2");
        shop.Event("E3", "C1", "2024-06-20 14:00:00", "view", "P3");
        shop.Event("E3", "C1", "2024-06-20 14:05:00", "cart", "P3");
        shop.Event("E3", "C1", "2024-06-20 14:10:00", "purchase", "P3");
        return shop;
    }
}
