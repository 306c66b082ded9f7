using System.Globalization;

namespace Patron.Features.Tests.Support;

/// <summary>Small random shops for property tests: every draw comes from one seeded <see cref="Random"/>.</summary>
internal sealed class RandomShop
{
    private static readonly string[] Payments = ["card", "paypal", "bank_transfer", "gift_card", "cash_on_delivery", "credit_card"];
    private static readonly DateTime Start = new(2023, 1, 1);
    private readonly Random _random;
    private int _next;

    public RandomShop(int seed, DateOnly cutoff)
    {
        _random = new Random(seed);
        Cutoff = cutoff;
    }

    public DateOnly Cutoff { get; }

    public List<string> Customers { get; } = [];

    /// <summary>Purchase order ids per customer, so later rows can refer to them.</summary>
    public Dictionary<string, List<(string Id, DateTime At)>> Orders { get; } = new(StringComparer.Ordinal);

    private DateTime CutoffTime => Cutoff.ToDateTime(TimeOnly.MinValue);

    /// <summary>Customers, products and history on both sides of the cutoff.</summary>
    public SilverShop Build()
    {
        var shop = new SilverShop();
        for (var p = 1; p <= 8; p++)
        {
            shop.Product($"P{p}", p == 8 ? null : $"Cat{p % 4}", p % 5 == 0 ? null : $"Brand{p % 3}", p % 3 == 0 ? null : 0.1 * p);
        }

        var customers = _random.Next(4, 9);
        for (var c = 1; c <= customers; c++)
        {
            var id = $"C{c}";
            Customers.Add(id);
            Orders[id] = [];
            var registered = Start.AddDays(_random.Next(0, 500));
            shop.Customer(id, Stamp(registered), _random.Next(4) == 0 ? null : _random.Next(18, 80), Pick(["DE", "FR", null]),
                Pick(["gmail.com", "firm.com", "uni.edu", null]), Pick(["organic", "social", null]));
            var orders = _random.Next(1, 7);
            for (var o = 0; o < orders; o++)
            {
                AddPurchase(shop, id, RandomTime(Start, CutoffTime.AddDays(120)));
            }
        }

        // Sessions and anonymous noise on both sides of the cutoff.
        for (var s = 0; s < customers * 2; s++)
        {
            shop.Session(NextId("S"), PickCustomer(), Stamp(RandomTime(Start, CutoffTime.AddDays(60))), _random.Next(10, 900), _random.Next(1, 20), _random.Next(3) == 0);
        }

        return shop;
    }

    /// <summary>Rows dated at or after the cutoff: purchases (one exactly at 00:00), returns, reviews of earlier orders,
    /// sessions, events and a brand-new customer.</summary>
    public SilverShop Future()
    {
        var shop = new SilverShop();
        var first = true;
        foreach (var id in Customers)
        {
            var count = _random.Next(0, 3);
            for (var i = 0; i < count; i++)
            {
                var at = first ? CutoffTime : RandomTime(CutoffTime, CutoffTime.AddDays(200));
                first = false;
                AddPurchase(shop, id, at);
            }

            if (_random.Next(2) == 0)
            {
                shop.Return(NextId("R"), id, Stamp(RandomTime(CutoffTime, CutoffTime.AddDays(100))), new Line($"P{_random.Next(1, 9)}", -1, 20));
            }

            foreach (var (order, _) in Orders[id])
            {
                if (_random.Next(3) == 0)
                {
                    shop.Review(NextId("V"), order, _random.Next(1, 6), Stamp(RandomTime(CutoffTime, CutoffTime.AddDays(30))));
                }
            }

            shop.Session(NextId("S"), id, Stamp(RandomTime(CutoffTime, CutoffTime.AddDays(90))), 100, 3, true);
            shop.Event(NextId("E"), id, Stamp(RandomTime(CutoffTime, CutoffTime.AddDays(90))), "view", "P1");
        }

        shop.Customer("CNEW", Stamp(CutoffTime), 30, "DE", "gmail.com", "organic");
        Orders["CNEW"] = [];
        AddPurchase(shop, "CNEW", CutoffTime.AddHours(1));
        return shop;
    }

    /// <summary>An extra purchase of <paramref name="customer"/> before the cutoff.</summary>
    public SilverShop EarlierPurchase(string customer)
    {
        var shop = new SilverShop();
        AddPurchase(shop, customer, RandomTime(CutoffTime.AddDays(-300), CutoffTime.AddSeconds(-1)));
        return shop;
    }

    private void AddPurchase(SilverShop shop, string customer, DateTime at)
    {
        var id = NextId("O");
        var lines = new Line[_random.Next(1, 4)];
        for (var i = 0; i < lines.Length; i++)
        {
            var quantity = _random.Next(1, 4);
            var price = Math.Round(5 + (_random.NextDouble() * 95), 2);
            var discount = _random.Next(4) == 0 ? Math.Round(quantity * price * 0.1, 2) : 0;
            lines[i] = new Line($"P{_random.Next(1, 9)}", quantity, price, discount, Outlier: _random.Next(30) == 0);
        }

        var delivered = _random.Next(2) == 0 ? Stamp(at.AddDays(_random.Next(1, 15))) : null;
        var estimated = delivered is null ? null : Stamp(at.AddDays(_random.Next(2, 10)));
        shop.Order(id, customer, Stamp(at), Pick(Payments), lines, _random.Next(3) == 0 ? _random.Next(1, 10) : null, delivered, estimated);
        Orders[customer].Add((id, at));
        if (at < CutoffTime && _random.Next(4) == 0)
        {
            shop.Review(NextId("V"), id, _random.Next(1, 6), Stamp(at.AddDays(_random.Next(1, 40))));
        }

        if (_random.Next(6) == 0)
        {
            shop.Return(NextId("R"), customer, Stamp(at.AddDays(_random.Next(1, 30))), new Line(lines[0].Product, -1, lines[0].Price));
        }
    }

    private DateTime RandomTime(DateTime from, DateTime to)
        => from.AddSeconds(Math.Floor(_random.NextDouble() * (to - from).TotalSeconds));

    private string? Pick(string?[] values) => values[_random.Next(values.Length)];

    private string PickCustomer() => Customers[_random.Next(Customers.Count)];

    private string NextId(string prefix) => prefix + (++_next).ToString("D5", CultureInfo.InvariantCulture);

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
