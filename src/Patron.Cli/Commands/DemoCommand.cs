using System.CommandLine;
using System.Globalization;
using Patron.Demo;
using Patron.Demo.Experiment;
using Spectre.Console;

namespace Patron.Cli.Commands;

/// <summary>
/// <c>patron demo</c>: a generated shop to try Patron on. <c>patron demo generate</c> writes the generic format with
/// known behaviour and known defects; <c>patron demo</c> itself runs the end-to-end demo (see <see cref="DemoRun"/>).
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "A generated demo shop: realistic customers, products and orders with known behaviour and known defects.");
        command.Subcommands.Add(CreateGenerate());
        DemoRun.Attach(command);
        return command;
    }

    /// <summary>Runs the generator with a progress bar (plain lines when output is redirected, nothing when quiet).</summary>
    internal static DemoShopResult Generate(DemoShopOptions options, bool quiet)
    {
        if (quiet)
        {
            return DemoShopGenerator.Generate(options);
        }

        if (Console.IsOutputRedirected)
        {
            var lastPercent = -1L;
            return DemoShopGenerator.Generate(options, new ImmediateProgress(p =>
            {
                var percent = p.CustomersTotal == 0 ? 100 : p.CustomersDone * 100 / p.CustomersTotal;
                if (percent / 10 != lastPercent / 10)
                {
                    lastPercent = percent;
                    Console.Error.WriteLine($"generating: {percent}% of customers, {p.TransactionRows:N0} transactions");
                }
            }));
        }

        DemoShopResult result = null!;
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("generating customers and orders");
            result = DemoShopGenerator.Generate(options, new ImmediateProgress(p =>
            {
                task.MaxValue = Math.Max(1, p.CustomersTotal);
                task.Value = p.CustomersDone;
                task.Description = $"generating: {p.TransactionRows:N0} transactions";
            }));
            task.Value = task.MaxValue;
        });
        return result;
    }

    /// <summary>The table of written files and injected defects.</summary>
    internal static void Print(DemoShopResult result)
    {
        Output.WriteTable($"demo shop written in {result.Elapsed.TotalSeconds:0.0} s", ["file", "rows", "path"],
            result.Files.Select(f => (IReadOnlyList<object?>)[f.Name, f.Name.EndsWith(".json", StringComparison.Ordinal) ? null : f.Rows, f.Path]));
        var d = result.Defects;
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "exact_duplicates", d.ExactDuplicates },
            new object?[] { "business_key_duplicates", d.BusinessKeyDuplicates },
            new object?[] { "negative_quantity (returns)", d.NegativeQuantity },
            new object?[] { "zero_quantity", d.ZeroQuantity },
            new object?[] { "zero_or_negative_price", d.ZeroOrNegativePrice },
            new object?[] { "price_outliers", d.PriceOutliers },
            new object?[] { "orphan_customers", d.OrphanCustomers },
            new object?[] { "orphan_products", d.OrphanProducts },
            new object?[] { "future_timestamps", d.FutureTimestamps },
            new object?[] { "pre_opening_timestamps", d.PreOpeningTimestamps },
            new object?[] { "registration_after_first_purchase", d.RegistrationAfterFirstPurchase },
        };
        foreach (var (column, count) in d.MissingValues)
        {
            rows.Add(new object?[] { $"missing_values {column}", count });
        }

        Output.WriteTable("injected defects (truth/truth.json)", ["defect", "count"], rows);
    }

    private static Command CreateGenerate()
    {
        var customers = new Option<int?>("--customers") { Description = $"Number of customers (default {DemoShopGenerator.DefaultCustomers:N0} unless --transactions is given)." };
        var transactions = new Option<long?>("--transactions") { Description = "Aim for about this many transactions instead of giving --customers." };
        var products = new Option<int?>("--products") { Description = "Number of products (default: 2,000 per 10,000 customers, scaled with the square root)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random choice: same arguments, same bytes.", DefaultValueFactory = _ => 42 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write into (truth goes to its truth/ subfolder).", DefaultValueFactory = _ => new DirectoryInfo("demo-shop") };
        var start = new Option<string?>("--start") { Description = "First day of history, yyyy-MM-dd (default: two years before --end)." };
        var end = new Option<string>("--end") { Description = "Last day of history, yyyy-MM-dd.", DefaultValueFactory = _ => "2026-09-30" };
        var futureDays = new Option<int>("--future-days") { Description = "Days simulated after --end, written only to the truth folder.", DefaultValueFactory = _ => 365 };
        var defectRate = new Option<double>("--defect-rate") { Description = "Base rate of each injected defect kind (kinds scale it by 0.4 to 2).", DefaultValueFactory = _ => 0.005 };
        var clean = new Option<bool>("--clean") { Description = "Inject no defects (returns stay: they are behaviour)." };
        var returnRate = new Option<double>("--return-rate") { Description = "Share of purchases returned later.", DefaultValueFactory = _ => 0.02 };
        var sessions = new Option<double>("--sessions-per-order")
        {
            Description = "Web sessions written per order (sessions.csv; about 15% anonymous); 0 writes no sessions file.",
            DefaultValueFactory = _ => new DemoShopOptions { OutputDirectory = "." }.SessionsPerOrder,
        };
        var format = new Option<string>("--format")
        {
            Description = "Export format: generic (transactions.csv, customers.csv, products.csv, sessions.csv) or online-retail (one online_retail.csv in the UCI Online Retail columns, no sessions).",
            DefaultValueFactory = _ => "generic",
        };
        format.AcceptOnlyFromAmong("generic", "online-retail");
        var experiment = new Option<string?>("--experiment")
        {
            Description = "Also simulate an experiment with a known, heterogeneous effect on buyers (everyone who bought before its start) or lapsing buyers (last order 60+ days before): writes experiment/assignments.csv and truth/experiment.csv.",
        };
        experiment.AcceptOnlyFromAmong("buyers", "lapsing");
        var experimentStart = new Option<string?>("--experiment-start") { Description = "First day of the experiment, yyyy-MM-dd (default: its window ends on --end)." };
        var experimentWindow = new Option<string>("--experiment-window") { Description = "The experiment's outcome window, e.g. 90d.", DefaultValueFactory = _ => "90d" };
        var json = CommonOptions.Json();
        var command = new Command("generate", "Write a generated shop in the generic or the Online Retail format, plus its truth.")
        {
            customers, transactions, products, seed, output, start, end, futureDays, defectRate, clean, returnRate, sessions, format, experiment, experimentStart, experimentWindow, json,
        };
        command.SetAction(parse =>
        {
            var options = new DemoShopOptions
            {
                OutputDirectory = parse.GetValue(output)!.FullName,
                Customers = parse.GetValue(customers),
                Transactions = parse.GetValue(transactions),
                Products = parse.GetValue(products),
                Seed = parse.GetValue(seed),
                Start = parse.GetValue(start) is { } s ? ParseDate(s, "--start") : null,
                End = ParseDate(parse.GetValue(end)!, "--end"),
                FutureDays = parse.GetValue(futureDays),
                DefectRate = parse.GetValue(defectRate),
                Clean = parse.GetValue(clean),
                ReturnRate = parse.GetValue(returnRate),
                SessionsPerOrder = parse.GetValue(sessions),
                Format = parse.GetValue(format) == "online-retail" ? DemoShopFormat.OnlineRetail : DemoShopFormat.Generic,
                Experiment = parse.GetValue(experiment) is { } population
                    ? new DemoExperimentOptions
                    {
                        Population = population == "lapsing" ? DemoExperimentPopulation.Lapsing : DemoExperimentPopulation.Buyers,
                        Start = parse.GetValue(experimentStart) is { } es ? ParseDate(es, "--experiment-start") : null,
                        WindowDays = FeaturesCommand.ParseHorizon(parse.GetValue(experimentWindow)!),
                    }
                    : null,
            };
            if (options.Experiment is null && parse.GetValue(experimentStart) is not null)
            {
                throw new ArgumentException("--experiment-start needs --experiment buyers|lapsing.");
            }

            var asJson = parse.GetValue(json);
            var result = Generate(options, quiet: asJson);
            if (asJson)
            {
                Output.WriteJson(result);
            }
            else
            {
                Print(result);
                if (result.Experiment is { } e)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"experiment from {e.Start:yyyy-MM-dd} over {e.WindowDays} days: {e.Customers:N0} customers, {e.Treated:N0} treated; true average uplift {e.AverageUpliftRevenue:F2} revenue and {e.AverageUpliftConversion:P1} conversion per customer (truth/experiment.json)"));
                }
            }

            return 0;
        });
        return command;
    }

    private static DateOnly ParseDate(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"{option}: expected a date as yyyy-MM-dd, got '{text}'.");

    /// <summary>Reports on the generator's thread (System.Progress would post to the thread pool and reorder updates).</summary>
    private sealed class ImmediateProgress(Action<DemoShopProgress> report) : IProgress<DemoShopProgress>
    {
        public void Report(DemoShopProgress value) => report(value);
    }
}
