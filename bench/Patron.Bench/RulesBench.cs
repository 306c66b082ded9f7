using System.Diagnostics;
using System.Globalization;
using System.Text;
using Patron.Features.Rules;
using Patron.Learning.Rules;
using Patron.Warehouse;

namespace Patron.Bench;

/// <summary>Association rules (FP-Growth and rule generation) against a vectorised pandas pair counter, in one run.</summary>
/// <remarks>
/// Usage: <c>rules [--baskets 22000] [--products 4000] [--min-support 0.005] [--min-confidence 0.1] [--min-lift 1]
/// [--max-basket 100] [--seed S] [--dir DIR] [--python PATH] [--skip-peer]</c> mines generated baskets shaped like UCI
/// Online Retail (22k invoices over 4k products, about 20 distinct products each, popularity and product themes);
/// <c>rules --db WAREHOUSE [--by customer] [--min-support 0.001]</c> mines a warehouse's baskets the way
/// <c>patron rules</c> does (reading silver included) and hands the same baskets to the peer. Patron's times are the
/// median of 5 runs after a warm-up; the peer counts pairs only (max length 2), so Patron is timed at length 2 (the
/// comparison) and 3 (the default), and at 3 again on one thread (the parallel miner's gain).
/// </remarks>
internal static class RulesBench
{
    public static int Run(string[] args)
    {
        var dir = BenchArgs.Option(args, "--dir", Path.Combine(Path.GetTempPath(), "patron-bench-rules"));
        Directory.CreateDirectory(dir);
        var python = BenchArgs.Option(args, "--python", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var options = new RuleMiningOptions
        {
            MinSupport = BenchArgs.DoubleOption(args, "--min-support", args.Contains("--db") ? 0.001 : 0.005),
            MinConfidence = BenchArgs.DoubleOption(args, "--min-confidence", 0.1),
            MinLift = BenchArgs.DoubleOption(args, "--min-lift", 1),
            MaxBasket = BenchArgs.IntOption(args, "--max-basket", 100),
            MaxLength = 2,
        };
        var csv = Path.Combine(dir, "baskets.csv");
        if (BenchArgs.Option(args, "--db", "") is { Length: > 0 } db)
        {
            var by = BenchArgs.Option(args, "--by", "customer") == "order" ? BasketKind.Order : BasketKind.Customer;
            using var connection = WarehouseFile.Open(db, readOnly: false, memoryLimit: "1GB");
            foreach (var length in new[] { 2, 3 })
            {
                var clock = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var result = AssociationRuleBuilder.Build(connection, new RuleBuildOptions { By = by, Mining = options with { MaxLength = length } });
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"patron length {length}: {clock.Elapsed.TotalSeconds:F2} s wall ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s CPU): read {result.ReadSeconds:F2} s, mine {result.MineSeconds:F3} s, write {result.WriteSeconds:F2} s; {result.Stats.Baskets:N0} baskets, {result.Items:N0} items, {result.Itemsets:N0} itemsets, {result.Rules:N0} rules; peak {BenchArgs.PeakRssMegabytes():N0} MB"));
            }

            // The temporary table of the last build holds exactly the baskets it mined.
            var key = by == BasketKind.Order ? "order_row" : "customer_id";
            connection.Execute($"COPY (SELECT {key} AS basket, item_id AS item FROM rx_lines WHERE {key} IS NOT NULL) TO {SqlScripts.Literal(csv)} (FORMAT CSV, HEADER TRUE);");
        }
        else
        {
            var baskets = Generate(BenchArgs.IntOption(args, "--baskets", 22000), BenchArgs.IntOption(args, "--products", 4000), BenchArgs.IntOption(args, "--seed", 20261205));
            WriteCsv(baskets, csv);
            Console.WriteLine($"rules: {baskets.Count:N0} generated baskets, {baskets.ItemCount:N0} products, {baskets.Length:N0} items, min support {options.MinSupport}, {Environment.ProcessorCount} cores");
            foreach (var (length, threads) in new[] { (2, 0), (3, 0), (3, 1) })
            {
                var o = options with { MaxLength = length, Threads = threads };
                Mine(baskets, o);
                var times = new double[5];
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var last = Mine(baskets, o);
                for (var i = 0; i < times.Length; i++)
                {
                    var clock = Stopwatch.StartNew();
                    last = Mine(baskets, o);
                    times[i] = clock.Elapsed.TotalSeconds;
                }

                Array.Sort(times);
                var cpuEach = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / times.Length;
                var best = last.Rules.Count > 0 ? last.Rules[0] : null;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"patron length {length}, {(threads == 0 ? Environment.ProcessorCount : threads)} thread(s): {times[2] * 1000:F1} ms median ({cpuEach * 1000:F1} ms CPU); {last.Itemsets.Stats.FrequentItems:N0} frequent items, {last.Itemsets.Count:N0} itemsets (estimate ≤ {last.Itemsets.Stats.EstimatedItemsets:N0}), {last.Rules.Count:N0} rules, best lift {best?.Lift:F4} support {best?.Support:F6}; peak {BenchArgs.PeakRssMegabytes():N0} MB"));
            }
        }

        if (args.Contains("--skip-peer"))
        {
            return 0;
        }

        using var peer = BenchArgs.RunPeer(python, "rules_pandas.py", csv, F(options.MinSupport), F(options.MinConfidence), F(options.MinLift),
            options.MaxBasket.ToString(CultureInfo.InvariantCulture));
        if (peer is not null)
        {
            Console.WriteLine($"pandas pairs: {peer.RootElement}");
        }

        return 0;
    }

    private static (FrequentItemsets Itemsets, IReadOnlyList<AssociationRule> Rules) Mine(BasketSet baskets, RuleMiningOptions options)
    {
        var itemsets = FpGrowth.Mine(baskets, options);
        return (itemsets, RuleGenerator.Generate(itemsets, options));
    }

    /// <summary>
    /// Baskets like Online Retail's invoices: sizes log-normal around 20 distinct products; products Zipf-popular; each
    /// basket draws most of its products from one to three themes of 10 products, the rest by popularity.
    /// </summary>
    private static BasketSet Generate(int count, int products, int seed)
    {
        var random = new Random(seed);
        var cumulative = new double[products];
        var total = 0.0;
        for (var p = 0; p < products; p++)
        {
            total += 1.0 / Math.Pow(p + 1, 0.9);
            cumulative[p] = total;
        }

        var builder = new BasketSetBuilder(products);
        var themes = products / 10;
        for (var b = 0; b < count; b++)
        {
            var size = (int)Math.Clamp(Math.Exp(2.6 + (0.8 * Normal(random))), 1, 400);
            var picked = random.Next(1, 4);
            var theme = new int[picked];
            for (var t = 0; t < picked; t++)
            {
                theme[t] = Popular(random, cumulative, total) % themes;
            }

            for (var i = 0; i < size; i++)
            {
                builder.Add(random.NextDouble() < 0.6
                    ? (theme[random.Next(picked)] * 10) + random.Next(10)
                    : Popular(random, cumulative, total));
            }

            builder.EndBasket();
        }

        return builder.Build();
    }

    private static int Popular(Random random, double[] cumulative, double total)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void WriteCsv(BasketSet baskets, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("basket,item\n");
        for (var b = 0; b < baskets.Count; b++)
        {
            foreach (var item in baskets[b])
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"B{b},P{item}\n"));
            }
        }
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
