using System.Globalization;
using System.Text;
using Patron.Demo.Randomness;

namespace Patron.Demo.Experiment;

/// <summary>
/// Runs a simulated experiment on a written shop: draws the population from transactions.csv, assigns arms with the
/// seed, makes the treated customers respond (<see cref="DemoExperimentEffect"/>) by adding orders to and discounting
/// orders of the window, and writes the assignment and the truth. Same shop, options and seed: same bytes.
/// </summary>
/// <remarks>
/// Only clean rows take part: a purchase with a positive quantity and price near its product's base price, a
/// transaction id used once, a known product and customer. Changed rows stay clean and added rows are new clean
/// purchases (ids from T800000001), so the defect counts of truth.json still hold. The whole file is read into memory:
/// the experiment is meant for demo-sized shops.
/// </remarks>
internal static class DemoExperimentSimulator
{
    /// <summary>Random stream of the experiment (the shop's streams are 1–7).</summary>
    public const ulong ExperimentStream = 8;

    /// <summary>First transaction id of added orders, between the history's ids and the future window's.</summary>
    public const long FirstAddedTransactionId = 800_000_001;

    private const string AssignmentsFile = "assignments.csv";

    public static DemoExperimentResult Apply(DemoExperimentOptions options, ulong seed, string outputDirectory, string truthDirectory, DateOnly historyEnd)
    {
        var start = options.EffectiveStart(historyEnd);
        var end = start.AddDays(options.WindowDays);
        var basePrices = ReadBasePrices(Path.Combine(outputDirectory, "products.csv"));
        var known = ReadCustomers(Path.Combine(outputDirectory, "customers.csv"));
        var transactionsPath = Path.Combine(outputDirectory, "transactions.csv");
        var lines = File.ReadAllLines(transactionsPath, Encoding.UTF8);
        var rows = Parse(lines);
        var idUses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row is not null)
            {
                idUses[row.Id] = idUses.GetValueOrDefault(row.Id) + 1;
            }
        }

        // Per customer: clean purchases before the start, clean purchases in the window, and whether any purchase falls there.
        var history = new Dictionary<string, CustomerHistory>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            if (row is null || !known.Contains(row.Customer) || row.Quantity <= 0)
            {
                continue;
            }

            if (!history.TryGetValue(row.Customer, out var h))
            {
                h = new CustomerHistory();
                history[row.Customer] = h;
            }

            if (row.Day >= start && row.Day < end)
            {
                h.Converted = true;
            }

            var clean = row.Price > 0 && idUses[row.Id] == 1 && basePrices.TryGetValue(row.Product, out var basePrice)
                && Math.Abs(Math.Log(row.Price / basePrice)) < 0.1 && row.Day.Year >= 2001;
            if (!clean)
            {
                continue;
            }

            if (row.Day < start)
            {
                h.Before.Add(r);
                h.LastDay = row.Day > h.LastDay ? row.Day : h.LastDay;
            }
            else if (row.Day < end)
            {
                h.Window.Add(r);
            }
        }

        var population = new List<string>();
        foreach (var (customer, h) in history)
        {
            var recency = start.DayNumber - h.LastDay.DayNumber;
            if (h.Before.Count > 0 && (options.Population == DemoExperimentPopulation.Buyers || recency >= DemoExperimentOptions.LapsingDays))
            {
                population.Add(customer);
            }
        }

        population.Sort(StringComparer.Ordinal);
        if (population.Count < 2)
        {
            throw new InvalidOperationException($"The experiment's population ({options.Population}) has {population.Count} customer(s) at {start:yyyy-MM-dd}; generate more customers or move the start.");
        }

        var treated = Assign(population.Count, options.TreatedShare, seed);
        var added = new StringBuilder();
        var nextId = FirstAddedTransactionId;
        var addedOrders = 0;
        var discounted = 0;
        var realized = 0.0;
        double sumRevenue = 0, sumConversion = 0, sumTreatedRevenue = 0;
        var truth = new StringBuilder("customer_id,variant,days_since_last_order,orders_before,response_probability,offer_discount,expected_order_value,uplift_revenue,uplift_conversion\n");
        for (var c = 0; c < population.Count; c++)
        {
            var customer = population[c];
            var h = history[customer];
            var recency = start.DayNumber - h.LastDay.DayNumber;
            var orders = h.Before.Count;
            var sure = DemoExperimentEffect.IsSureThing(recency, orders);
            var p = DemoExperimentEffect.Response(recency, orders);
            var orderValue = 0.0;
            foreach (var r in h.Before)
            {
                orderValue += basePrices[rows[r]!.Product];
            }

            orderValue /= orders;
            double upliftRevenue, upliftConversion;
            var discountLoss = 0.0;
            if (sure)
            {
                foreach (var r in h.Window)
                {
                    var row = rows[r]!;
                    discountLoss += row.Quantity * row.Price * (Math.Max(row.Discount, DemoExperimentEffect.OfferDiscount) - row.Discount);
                }

                upliftRevenue = -discountLoss;
                upliftConversion = 0;
            }
            else
            {
                upliftRevenue = p * orderValue;
                upliftConversion = h.Converted ? 0 : p;
            }

            sumRevenue += upliftRevenue;
            sumConversion += upliftConversion;
            truth.Append(CultureInfo.InvariantCulture,
                $"{customer},{(treated[c] ? "treatment" : "control")},{recency},{orders},{Round(p)},{(sure ? DemoExperimentEffect.OfferDiscount : 0).ToString(CultureInfo.InvariantCulture)},{Round(orderValue)},{Round(upliftRevenue)},{Round(upliftConversion)}\n");
            if (!treated[c])
            {
                continue;
            }

            sumTreatedRevenue += upliftRevenue;
            if (sure)
            {
                foreach (var r in h.Window)
                {
                    var row = rows[r]!;
                    if (row.Discount < DemoExperimentEffect.OfferDiscount)
                    {
                        lines[r + 1] = Discounted(lines[r + 1], DemoExperimentEffect.OfferDiscount);
                        discounted++;
                    }
                }

                realized -= discountLoss;
                continue;
            }

            var rng = new Xoshiro256StarStar(SplitMix64.Derive(seed, ExperimentStream, (ulong)c + 1));
            if (!rng.NextBool(p))
            {
                continue;
            }

            var source = rows[h.Before[rng.NextInt(h.Before.Count)]]!;
            var price = Math.Round(basePrices[source.Product] * (1 + (rng.NextDouble() * 2 - 1) * 0.045), 2);
            var at = start.ToDateTime(TimeOnly.MinValue).AddDays(rng.NextInt(options.WindowDays)).AddSeconds(rng.NextInt(86_400));
            var payment = source.Payment.Length == 0 ? "card" : source.Payment;
            added.Append(CultureInfo.InvariantCulture, $"T{nextId++:D9},{customer},{source.Product},1,{price:0.00},0,{at:yyyy-MM-dd HH:mm:ss},{payment}\n");
            addedOrders++;
            realized += price;
        }

        using (var writer = new StreamWriter(transactionsPath, false, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }

            writer.Write(added.ToString());
        }

        var experimentDirectory = Path.Combine(outputDirectory, "experiment");
        Directory.CreateDirectory(experimentDirectory);
        var assignments = new StringBuilder("customer_id,variant\n");
        for (var c = 0; c < population.Count; c++)
        {
            assignments.Append(population[c]).Append(treated[c] ? ",treatment\n" : ",control\n");
        }

        var assignmentsPath = Path.Combine(experimentDirectory, AssignmentsFile);
        File.WriteAllText(assignmentsPath, assignments.ToString(), new UTF8Encoding(false));
        var truthPath = Path.Combine(truthDirectory, "experiment.csv");
        File.WriteAllText(truthPath, truth.ToString(), new UTF8Encoding(false));
        var treatedCount = treated.Count(t => t);
        var result = new DemoExperimentResult
        {
            Start = start,
            WindowDays = options.WindowDays,
            Population = options.Population,
            Customers = population.Count,
            Treated = treatedCount,
            AddedOrders = addedOrders,
            DiscountedOrders = discounted,
            AverageUpliftRevenue = sumRevenue / population.Count,
            AverageUpliftConversion = sumConversion / population.Count,
            TreatedUpliftRevenue = treatedCount == 0 ? 0 : sumTreatedRevenue / treatedCount,
            RealizedIncrementalRevenue = Math.Round(realized, 2),
            AssignmentsPath = assignmentsPath,
            TruthPath = truthPath,
        };
        DemoExperimentTruth.Write(Path.Combine(truthDirectory, "experiment.json"), result, seed);
        return result;
    }

    /// <summary>Complete randomization: the population is shuffled with the seed and the first share treated.</summary>
    private static bool[] Assign(int count, double share, ulong seed)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var rng = new Xoshiro256StarStar(SplitMix64.Derive(seed, ExperimentStream, 0));
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var treated = new bool[count];
        var take = Math.Clamp((int)Math.Round(count * share), 1, count - 1);
        for (var k = 0; k < take; k++)
        {
            treated[order[k]] = true;
        }

        return treated;
    }

    private static string Round(double value) => Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture);

    private static string Discounted(string line, double discount)
    {
        var fields = line.Split(',');
        fields[5] = discount.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', fields);
    }

    private static Row?[] Parse(string[] lines)
    {
        // Line 0 is the header; row r is line r + 1. Rows that do not parse (injected defects such as odd timestamps)
        // are left as they are and take no part.
        var rows = new Row?[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != 8
                || !int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity)
                || !double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var price)
                || !double.TryParse(f[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var discount)
                || f[6].Length < 10
                || !DateOnly.TryParseExact(f[6].AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            rows[i - 1] = new Row(f[0], f[1], f[2], quantity, price, discount, day, f[7]);
        }

        return rows;
    }

    private static Dictionary<string, double> ReadBasePrices(string path)
    {
        var prices = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length == 6 && double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && price > 0)
            {
                prices[f[0]] = price;
            }
        }

        return prices;
    }

    private static HashSet<string> ReadCustomers(string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0)
            {
                ids.Add(line[..comma]);
            }
        }

        return ids;
    }

    private sealed record Row(string Id, string Customer, string Product, int Quantity, double Price, double Discount, DateOnly Day, string Payment);

    private sealed class CustomerHistory
    {
        public List<int> Before { get; } = [];

        public List<int> Window { get; } = [];

        public DateOnly LastDay { get; set; } = DateOnly.MinValue;

        public bool Converted { get; set; }
    }
}
