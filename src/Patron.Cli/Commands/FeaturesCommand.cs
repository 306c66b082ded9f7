using System.CommandLine;
using System.Globalization;
using Patron.Features.Build;
using Patron.Features.Lifetime;
using Patron.Features.Registry;
using Patron.Features.Sessions;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron features</c>: the customer feature matrix, labels, segments and KPIs as of a cutoff; or the registry.</summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var json = CommonOptions.Json();
        var cutoff = new Option<string?>("--cutoff") { Description = "As-of date yyyy-MM-dd: features use rows strictly before it." };
        var horizon = new Option<string>("--horizon")
        {
            Description = "Label horizon after the cutoff, in days (90 or 90d).",
            DefaultValueFactory = _ => "90d",
        };
        var testCutoff = new Option<string?>("--test-cutoff") { Description = "Also build this later cutoff: an out-of-time evaluation pair." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the cutoff's features to FILE.parquet or FILE.csv (one row per customer, customer_id first)." }.Extensions(".parquet", ".csv");
        var list = new Option<bool>("--list") { Description = "Print the feature registry (name, group, type, unit, description; formulas with --json)." };
        var docs = new Option<FileInfo?>("--docs") { Description = "Write the generated feature documentation (docs/features.md) to FILE." };
        var noKpis = new Option<bool>("--no-kpis") { Description = "Skip the KPI tables (kpi_* in gold)." };
        var noSessions = new Option<bool>("--no-sessions") { Description = "Skip the session tables (session features and labels in gold, built when silver has sessions)." };
        var memoryLimit = new Option<string?>("--memory-limit") { Description = $"Cap DuckDB's memory, e.g. 1536MB (larger work spills to disk); default: a quarter of RAM, at most 2 GiB for the customer side and 2.5 GiB for the session gold, as in patron run ({WarehouseFile.MemoryLimitVariable} overrides)." };
        var command = new Command("features", "Build gold's customer_features, customer_labels, customer_lifetime, cross_category and KPIs as of a cutoff, or list the feature registry.")
        {
            db, cutoff, horizon, testCutoff, output, list, docs, noKpis, noSessions, memoryLimit, json,
        };
        command.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            if (parse.GetValue(list))
            {
                PrintRegistry(asJson);
                return 0;
            }

            if (parse.GetValue(docs) is { } docFile)
            {
                File.WriteAllText(docFile.FullName, FeatureDocs.Markdown());
                Console.WriteLine($"wrote {docFile.FullName}");
                return 0;
            }

            var cutoffText = parse.GetValue(cutoff) ?? throw new ArgumentException("--cutoff DATE is required (or --list / --docs).");
            var asOf = ParseDate(cutoffText, "--cutoff");
            var days = ParseHorizon(parse.GetValue(horizon)!);
            var warehouse = parse.GetValue(db)!.FullName;
            // The features stage's one limit (docs/pipeline.md), set once for the customer side and the session gold
            // alike; --memory-limit, or PATRON_MEMORY_LIMIT, wins over its ceiling.
            var asked = parse.GetValue(memoryLimit) is { Length: > 0 } limit ? limit : null;
            using var connection = WarehouseFile.OpenExisting(warehouse);
            WarehouseFile.SetMemoryLimit(connection, MemoryLimit(asked));
            var limits = new Dictionary<string, string>(StringComparer.Ordinal) { ["customer_gold"] = CurrentLimit(connection) };

            var results = Progress.Run(asJson, "Features", report =>
            {
                if (parse.GetValue(testCutoff) is { } testText)
                {
                    var (train, test) = FeatureBuilder.BuildOutOfTime(connection, asOf, ParseDate(testText, "--test-cutoff"), days, report);
                    return new[] { train, test };
                }

                return new[] { FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = asOf, HorizonDays = days, Kpis = !parse.GetValue(noKpis) }, report) };
            });

            // The lifetime models' outputs at each cutoff sit in gold beside the features, for every reader of the store.
            var lifetimeFailures = Progress.Run(asJson, "Lifetime outputs", report =>
            {
                var failures = new List<string>();
                foreach (var r in results)
                {
                    report.Report(string.Create(CultureInfo.InvariantCulture, $"BG/NBD and Gamma-Gamma at {r.Cutoff:yyyy-MM-dd}"));
                    if (LifetimeScores.Build(connection, r.Cutoff, [days]) is { } failure)
                    {
                        failures.Add(failure);
                    }
                }

                return failures;
            });

            // Session rows are their own population: web sessions started before the (latest) cutoff, or every shopper session.
            SessionBuildResult? sessions = null;
            if (!parse.GetValue(noSessions))
            {
                var last = results[^1].Cutoff.ToDateTime(TimeOnly.MinValue);
                limits["session_gold"] = CurrentLimit(connection);
                sessions = Progress.Run(asJson, "Session features", report =>
                    SessionFeatureBuilder.CountSilver(connection, SessionKind.Web) > 0 ? SessionFeatureBuilder.Build(connection, new SessionBuildOptions { To = last }, report)
                    : SessionFeatureBuilder.CountSilver(connection, SessionKind.Shopper) > 0 ? SessionFeatureBuilder.BuildShoppers(connection, report)
                    : null);
            }

            var files = new List<string>();
            if (parse.GetValue(output) is { } file)
            {
                for (var i = 0; i < results.Length; i++)
                {
                    var path = i == 0 ? file.FullName : Path.ChangeExtension(file.FullName, ".test" + file.Extension);
                    GoldExport.Export(connection, GoldTables.CustomerFeatures, path, results[i].Cutoff);
                    files.Add(path);
                }
            }

            if (asJson)
            {
                Output.WriteJson(new { results, sessions, files, lifetimeFailures, memoryLimits = limits });
                return 0;
            }

            Output.WriteTable("customer features", ["cutoff", "customers", "features", "churn", "repeat", "repeat (one-time buyers)", "high value ≥", "top 5% ≥", "horizon covered", "seconds"],
                results.Select(r => (IReadOnlyList<object?>)
                [
                    r.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Customers, r.Features, Percent(r.ChurnRate), Percent(r.RepeatRate),
                    Percent(r.RepeatRateOneTimeBuyers), r.HighValueThreshold, r.Top5Threshold, r.HorizonCovered ? "yes" : "no (data ends earlier)",
                    r.Elapsed.TotalSeconds,
                ]));
            if (sessions is not null)
            {
                Output.WriteTable("session features", ["kind", "sessions", "with a purchase", "of known customers", "seconds"],
                [
                    [sessions.Kind == SessionKind.Web ? $"web ({SessionFeatureBuilder.FeaturesTable})" : $"shopper ({SessionFeatureBuilder.ShopperFeaturesTable})",
                        sessions.Sessions, sessions.Purchases, sessions.KnownVisitors, sessions.Elapsed.TotalSeconds],
                ]);
            }

            foreach (var path in files)
            {
                Console.WriteLine($"features: {path}");
            }

            foreach (var failure in lifetimeFailures)
            {
                Console.WriteLine($"lifetime: {failure}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>DuckDB's limit for the whole build, as the features stage of <c>patron run</c> sets it: <paramref name="asked"/>
    /// (<c>--memory-limit</c>) when given, else <see cref="WarehouseFile.CappedMemoryLimit(long)"/> under
    /// <see cref="WarehouseFile.FeaturesLimitCeilingBytes"/> (a user's <see cref="WarehouseFile.MemoryLimitVariable"/> wins
    /// over the ceiling).</summary>
    internal static string MemoryLimit(string? asked) => asked is { Length: > 0 }
        ? asked
        : WarehouseFile.CappedMemoryLimit(WarehouseFile.FeaturesLimitCeilingBytes);

    private static string CurrentLimit(Patron.DuckDb.DuckDbConnection connection)
        => connection.Scalar<string>("SELECT current_setting('memory_limit');") ?? "";

    private static void PrintRegistry(bool asJson)
    {
        if (asJson)
        {
            Output.WriteJson(FeatureRegistry.All.Select(f => new
            {
                f.Name,
                f.Group,
                Type = f.Type.ToString().ToLowerInvariant(),
                f.Unit,
                f.Description,
                f.Formula,
                Sources = FeatureDocs.SourceText(f.Sources),
                f.PopulationRelative,
            }));
            return;
        }

        Output.WriteTable($"{FeatureRegistry.All.Count} features (formulas: --json or docs/features.md)", ["feature", "group", "type", "unit", "needs", "description"],
            FeatureRegistry.All.Select(f => (IReadOnlyList<object?>)
                [f.Name, f.Group, f.Type.ToString().ToLowerInvariant(), f.Unit, FeatureDocs.SourceText(f.Sources), f.Description]));
    }

    internal static DateOnly ParseDate(string text, string option)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException($"{option} '{text}': expected a date as yyyy-MM-dd.");

    internal static int ParseHorizon(string text)
    {
        var digits = text.EndsWith('d') ? text[..^1] : text;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0
            ? days
            : throw new ArgumentException($"--horizon '{text}': expected a number of days such as 90 or 90d.");
    }

    private static string Percent(double share) => double.IsNaN(share) ? "" : share.ToString("P1", CultureInfo.InvariantCulture);
}
