using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Patron.Pipeline.Tests.Report;

/// <summary>Writes a complete run folder (docs/run-folder.md) with seeded, plausible numbers, for the report's tests.</summary>
internal static class SampleRunFolder
{
    public static readonly string[] BinaryTasks = ["churn", "repeat", "high_value"];

    public static void Write(string folder, int seed = 7)
    {
        Directory.CreateDirectory(Path.Combine(folder, "kpi"));
        var random = new Random(seed);
        WriteJson(Path.Combine(folder, "run.json"), new Dictionary<string, object>
        {
            ["run_id"] = "run-sample", ["source"] = "generic", ["input"] = "shop", ["scoring_cutoff"] = "2026-10-01",
            ["training_cutoff"] = "2026-07-03", ["horizon_days"] = 90, ["tasks"] = new[] { "churn", "repeat", "high_value", "clv" },
            ["customers_scored"] = 9500,
            ["stages"] = new[] { new Dictionary<string, object> { ["name"] = "ingest", ["seconds"] = 1.2, ["status"] = "done", ["detail"] = "3 files" } },
        });
        WriteJson(Path.Combine(folder, "quality.json"), new Dictionary<string, object>
        {
            ["findings"] = new[]
            {
                Finding("exact_duplicates", "order", 226, 46000, "dropped", "copy 2 of order T1 (transactions.csv row 5)"),
                Finding("orphan_customers", "order", 130, 46000, "quarantined", "order T9 names customer C9"),
                Finding("price_outliers", "order_line", 86, 46000, "flagged", "line 1 of order T7 at unit price 1340.27 <b>"),
            },
        });

        var tasks = new Dictionary<string, object>();
        foreach (var task in BinaryTasks)
        {
            tasks[task] = BinaryTask(random, task == "high_value" ? "roc_auc" : "pr_auc");
        }

        tasks["clv"] = RegressionTask(random);
        WriteJson(Path.Combine(folder, "metrics.json"), new Dictionary<string, object> { ["tasks"] = tasks });

        var monthly = new StringBuilder("month,revenue,orders,aov,active_customers,new_customers\n");
        var cohorts = new StringBuilder("cohort,months_since,customers,retention,revenue\n");
        for (var m = 0; m < 24; m++)
        {
            var month = new DateOnly(2024, 10, 1).AddMonths(m);
            var revenue = 40000 + (m * 900) + (month.Month is 11 or 12 ? 15000 : 0) + random.Next(3000);
            monthly.Append(CultureInfo.InvariantCulture, $"{month:yyyy-MM},{revenue},{revenue / 55},55.0,{800 + (m * 20)},{300 - (m * 5)}\n");
            for (var k = 0; k < 24 - m; k++)
            {
                var retention = k == 0 ? 1.0 : 0.35 * Math.Exp(-k / 9.0) + (random.NextDouble() * 0.02);
                cohorts.Append(CultureInfo.InvariantCulture, $"{month:yyyy-MM},{k},{300 - (m * 5)},{retention:0.####},{retention * 9000:0.##}\n");
            }
        }

        File.WriteAllText(Path.Combine(folder, "kpi", "monthly.csv"), monthly.ToString());
        File.WriteAllText(Path.Combine(folder, "kpi", "cohort_retention.csv"), cohorts.ToString());
        File.WriteAllText(Path.Combine(folder, "kpi", "categories.csv"),
            "category,revenue,orders,customers,share_of_revenue\nElectronics,520000,4000,2500,0.4\nHome,300000,5200,3100,0.23\n\"Books, Music\",120000,6100,3900,0.09\nFashion,260000,4800,2800,0.2\n");
        File.WriteAllText(Path.Combine(folder, "kpi", "weekday.csv"),
            "weekday,revenue,orders\n1,140000,2500\n2,138000,2450\n3,141000,2480\n4,139000,2460\n5,150000,2700\n6,190000,3300\n7,185000,3200\n");
        var months = new StringBuilder("month,revenue,orders\n");
        for (var m = 1; m <= 12; m++)
        {
            months.Append(CultureInfo.InvariantCulture, $"{m},{(m is 11 or 12 ? 160000 : 90000) + (m * 1000)},{1500 + m}\n");
        }

        File.WriteAllText(Path.Combine(folder, "kpi", "month_of_year.csv"), months.ToString());
        File.WriteAllText(Path.Combine(folder, "kpi", "segments.csv"),
            "segment,customers,revenue,mean_monetary,recommended_action\nChampions,900,420000,466.7,Reward them; ask for reviews\nAt risk,1200,210000,175,Win them back with a personal offer\nCan't lose,200,150000,750,Call them\nLost,3000,90000,30,Do not spend on them\n");
        File.WriteAllText(Path.Combine(folder, "kpi", "cross_category.csv"),
            "from_category,to_category,customers_from,customers_both,probability,lift\nElectronics,Home,2500,900,0.36,1.4\nBooks,Toys,1200,500,0.42,1.9\nHome,Fashion,3100,3,0.001,5\n");
        File.WriteAllText(Path.Combine(folder, "kpi", "churn_risk.csv"),
            "customer_id,segment,churn_probability,predicted_clv,monetary,reason_1,reason_2,reason_3\n"
            + "C0000042,Can't lose,0.83,910,2400,\"no order for 142 days, three times their usual gap\",spend fell 60% in the last 90 days,\n"
            + "C0000007,At risk,0.52,640,1800,fewer orders than usual,,\n");
        var clv = new StringBuilder("bucket_low,bucket_high,customers\n");
        for (var b = 0; b < 20; b++)
        {
            clv.Append(CultureInfo.InvariantCulture, $"{b * 50},{(b + 1) * 50},{(int)(3000 * Math.Exp(-b / 3.0))}\n");
        }

        File.WriteAllText(Path.Combine(folder, "kpi", "clv_distribution.csv"), clv.ToString());
    }

    private static Dictionary<string, object> Finding(string check, string entity, long rows, long of, string action, string example) => new()
    {
        ["source"] = "generic", ["check"] = check, ["entity"] = entity, ["affected_rows"] = rows, ["checked_rows"] = of,
        ["action"] = action, ["examples"] = new[] { example }, ["share"] = (double)rows / of,
    };

    private static Dictionary<string, object> BinaryTask(Random random, string primary)
    {
        var roc = new List<object>();
        var baseline = new List<object>();
        var pr = new List<object>();
        var gains = new List<object>();
        var calibration = new List<object>();
        for (var i = 0; i <= 20; i++)
        {
            var x = i / 20.0;
            roc.Add(new { x, y = Math.Pow(x, 0.35) });
            baseline.Add(new { x, y = Math.Pow(x, 0.6) });
            pr.Add(new { x, y = 0.95 - (0.45 * x * x) });
            gains.Add(new { x, y = Math.Min(1, Math.Pow(x, 0.45)) });
        }

        for (var b = 0; b < 10; b++)
        {
            var p = (b + 0.5) / 10;
            calibration.Add(new { x = p, y = Math.Clamp(p + ((random.NextDouble() - 0.5) * 0.06), 0, 1), n = 500 });
        }

        return new Dictionary<string, object>
        {
            ["kind"] = "binary", ["primary_metric"] = primary, ["positive_rate"] = 0.55, ["train_rows"] = 8000, ["test_rows"] = 9000, ["chosen"] = "gbdt",
            ["candidates"] = new object[]
            {
                new Dictionary<string, object> { ["name"] = "baseline_recency", ["kind"] = "baseline", ["out_of_time"] = new { roc_auc = 0.71, pr_auc = 0.74, top_decile_lift = 1.5 } },
                new Dictionary<string, object> { ["name"] = "logistic", ["kind"] = "model", ["out_of_time"] = new { roc_auc = 0.78, pr_auc = 0.8, top_decile_lift = 1.7, log_loss = 0.52, brier = 0.17, f1 = 0.75 }, ["cross_validation"] = new { roc_auc = 0.79, pr_auc = 0.81 } },
                new Dictionary<string, object> { ["name"] = "gbdt", ["kind"] = "model", ["out_of_time"] = new { roc_auc = 0.81, pr_auc = 0.84, top_decile_lift = 1.8, log_loss = 0.48, brier = 0.16, f1 = 0.78 }, ["cross_validation"] = new { roc_auc = 0.82, pr_auc = 0.85 } },
            },
            ["curves"] = new Dictionary<string, object> { ["roc"] = roc, ["baseline_roc"] = baseline, ["pr"] = pr, ["gains"] = gains, ["baseline_gains"] = baseline, ["calibration"] = calibration },
            ["global_drivers"] = new object[] { new { feature = "recency_days", importance = 0.42 }, new { feature = "orders_last_90d", importance = 0.21 }, new { feature = "gap_mean_days", importance = 0.12 } },
        };
    }

    private static Dictionary<string, object> RegressionTask(Random random)
    {
        var gains = new List<object>();
        var baseline = new List<object>();
        for (var i = 0; i <= 20; i++)
        {
            var x = i / 20.0;
            gains.Add(new { x, y = Math.Pow(x, 0.3) });
            baseline.Add(new { x, y = Math.Pow(x, 0.45) });
        }

        var deciles = new List<object>();
        for (var d = 1; d <= 10; d++)
        {
            var mean = 900 * Math.Exp(-(d - 1) / 2.5);
            deciles.Add(new { decile = d, rows = 900, mean_prediction = mean, mean_label = mean * (0.9 + (random.NextDouble() * 0.2)) });
        }

        return new Dictionary<string, object>
        {
            ["kind"] = "regression", ["primary_metric"] = "normalized_gini", ["chosen"] = "gbdt_tweedie",
            ["candidates"] = new object[]
            {
                new Dictionary<string, object> { ["name"] = "baseline_past_spend", ["kind"] = "baseline", ["out_of_time"] = new { normalized_gini = 0.52, decile_mape = 0.41, spearman = 0.5 } },
                new Dictionary<string, object> { ["name"] = "gbdt_tweedie", ["kind"] = "model", ["out_of_time"] = new { normalized_gini = 0.66, decile_mape = 0.18, spearman = 0.62, rmse = 210.5, mae = 80.1, r2 = 0.31 } },
            },
            ["curves"] = new Dictionary<string, object> { ["gains"] = gains, ["baseline_gains"] = baseline },
            ["deciles"] = deciles,
            ["global_drivers"] = new object[] { new { feature = "monetary", importance = 1.2 }, new { feature = "frequency", importance = 0.7 } },
        };
    }

    private static void WriteJson(string path, object value) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }));
}
