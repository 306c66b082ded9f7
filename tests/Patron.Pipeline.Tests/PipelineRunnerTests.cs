using System.Globalization;
using System.Text.Json;
using Patron.Learning.Evaluation;
using Patron.Pipeline.Tests.Support;

namespace Patron.Pipeline.Tests;

public sealed class PipelineRunnerTests(DemoRunFixture fixture) : IClassFixture<DemoRunFixture>
{
    private static readonly string[] RequiredColumns =
    [
        "customer_id", "segment", "recommended_action", "churn_probability", "churn_risk_band", "repeat_probability",
        "high_value_probability", "high_value_flag", "predicted_clv", "p_alive", "expected_purchases", "reason_1",
    ];

    [Fact]
    public void Run_DemoShop_ChosenChurnModelBeatsRecencyOutOfTime()
    {
        var churn = Task("churn");
        var chosen = churn.GetProperty("chosen").GetString();
        var (model, baseline) = (Candidate(churn, chosen!), Candidate(churn, "baseline_recency"));
        Assert.NotEqual("baseline_recency", chosen);
        Assert.True(Metric(model, "pr_auc") > Metric(baseline, "pr_auc"), $"{chosen} PR-AUC {Metric(model, "pr_auc")} vs recency {Metric(baseline, "pr_auc")}");
        Assert.True(Metric(model, "roc_auc") > Metric(baseline, "roc_auc"));
    }

    [Fact]
    public void Run_DemoShop_ClvRanksTrueFutureSpendBetterThanPastSpend()
    {
        var truth = CsvFile.Read(Path.Combine(fixture.Shop.TruthDirectory, "customers.csv"));
        var spendColumn = Array.IndexOf(truth.Header, "future_spend");
        var future = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in truth.Rows)
        {
            future[row[0]] = double.Parse(row[spendColumn], CultureInfo.InvariantCulture);
        }

        var (header, rows) = CsvFile.Read(Path.Combine(fixture.RunFolder, "predictions.csv"));
        var clvColumn = Array.IndexOf(header, "predicted_clv");
        var features = FeatureSpend();
        var actual = new List<double>();
        var predicted = new List<double>();
        var past = new List<double>();
        foreach (var row in rows)
        {
            if (future.TryGetValue(row[0], out var spend) && features.TryGetValue(row[0], out var pastSpend))
            {
                actual.Add(spend);
                predicted.Add(double.Parse(row[clvColumn], CultureInfo.InvariantCulture));
                past.Add(pastSpend);
            }
        }

        Assert.True(actual.Count > rows.Count / 2, $"only {actual.Count} of {rows.Count} scored customers are in the truth file");
        var model = RegressionMetrics.NormalizedGini([.. actual], [.. predicted]);
        var baseline = RegressionMetrics.NormalizedGini([.. actual], [.. past]);
        Assert.True(model > baseline, $"CLV normalized Gini {model:0.000} vs past spend {baseline:0.000}");
    }

    [Fact]
    public void Run_DemoShop_OnePredictionPerCustomerWithRequiredFields()
    {
        var (header, rows) = CsvFile.Read(Path.Combine(fixture.RunFolder, "predictions.csv"));
        foreach (var column in RequiredColumns)
        {
            Assert.Contains(column, header);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Assert.Equal(header.Length, row.Length);
            Assert.True(ids.Add(row[0]), $"customer {row[0]} appears twice");
            foreach (var column in RequiredColumns)
            {
                Assert.False(string.IsNullOrEmpty(row[Array.IndexOf(header, column)]), $"customer {row[0]}: {column} is empty");
            }

            var p = double.Parse(row[Array.IndexOf(header, "churn_probability")], CultureInfo.InvariantCulture);
            Assert.InRange(p, 0, 1);
            Assert.Equal(p < 0.33 ? "low" : p < 0.66 ? "medium" : "high", row[Array.IndexOf(header, "churn_risk_band")]);
        }

        Assert.Equal(fixture.Summary.CustomersScored, rows.Count);
        Assert.True(File.Exists(Path.Combine(fixture.RunFolder, "predictions.parquet")));
        Assert.True(File.Exists(Path.Combine(fixture.RunFolder, "features.parquet")));
    }

    [Fact]
    public void Run_DemoShop_MetricsJsonFollowsTheContract()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.RunFolder, "metrics.json")));
        var tasks = document.RootElement.GetProperty("tasks");
        foreach (var name in new[] { "churn", "repeat", "high_value", "clv" })
        {
            var task = tasks.GetProperty(name);
            foreach (var key in new[] { "kind", "primary_metric", "chosen", "candidates", "curves", "deciles", "global_drivers" })
            {
                Assert.True(task.TryGetProperty(key, out _), $"{name} lacks {key}");
            }

            // Without --cv no learner is cross-validated but the learner of a chosen blend (its calibration reads the
            // folds); scorers, which fit nothing, always are.
            var chosen = task.GetProperty("chosen").GetString()!;
            var blendChosen = chosen.EndsWith("_blend", StringComparison.Ordinal);
            foreach (var candidate in task.GetProperty("candidates").EnumerateArray())
            {
                Assert.True(candidate.GetProperty("out_of_time").TryGetProperty(task.GetProperty("primary_metric").GetString()!, out _));
                var candidateName = candidate.GetProperty("name").GetString();
                var folded = (blendChosen && (candidateName == chosen || candidateName + "_blend" == chosen)) || candidate.GetProperty("kind").GetString() is "baseline" or "lifetime";
                Assert.Equal(folded ? JsonValueKind.Object : JsonValueKind.Null, candidate.GetProperty("cross_validation").ValueKind);
            }

            Assert.Equal(10, task.GetProperty("deciles").GetArrayLength());
            Assert.True(File.Exists(Path.Combine(fixture.RunFolder, "models", name + ".json")));
        }

        Assert.Equal("pr_auc", tasks.GetProperty("churn").GetProperty("primary_metric").GetString());
        Assert.Equal("roc_auc", tasks.GetProperty("high_value").GetProperty("primary_metric").GetString());
        Assert.Equal("normalized_gini", tasks.GetProperty("clv").GetProperty("primary_metric").GetString());
        Assert.True(tasks.GetProperty("churn").GetProperty("curves").GetProperty("roc").GetArrayLength() > 2);
        Assert.True(tasks.TryGetProperty("session_purchase", out _), "the demo shop has web sessions, so session_purchase runs");
        foreach (var file in new[] { "monthly.csv", "cohort_retention.csv", "categories.csv", "weekday.csv", "month_of_year.csv", "segments.csv", "cross_category.csv", "churn_risk.csv", "clv_distribution.csv" })
        {
            Assert.True(File.Exists(Path.Combine(fixture.RunFolder, "kpi", file)), file);
        }
    }

    [Fact]
    public void Run_DemoShop_BoostingRoundsFoundByEarlyStoppingAndKeptForTheRefit()
    {
        foreach (var name in new[] { "churn", "repeat", "high_value", "clv" })
        {
            var task = Task(name);
            foreach (var candidate in task.GetProperty("candidates").EnumerateArray())
            {
                var candidateName = candidate.GetProperty("name").GetString()!;
                if (!candidateName.StartsWith("gbdt", StringComparison.Ordinal) || candidate.GetProperty("kind").GetString() == "blend")
                {
                    continue;
                }

                var rounds = Rounds(candidate.GetProperty("description").GetString()!);
                Assert.InRange(rounds, 1, fixture.Options.BoostingRounds);
                if (candidateName == task.GetProperty("chosen").GetString())
                {
                    // The refit grows exactly the rounds the early stopping found.
                    using var model = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.RunFolder, "models", name + ".json")));
                    Assert.Equal(rounds, model.RootElement.GetProperty("model").GetProperty("trees").GetArrayLength());
                }
            }
        }
    }

    [Fact]
    public void Run_DemoShop_RunJsonListsStagesAndCutoffs()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.RunFolder, "run.json")));
        var root = document.RootElement;
        var scoring = DateOnly.Parse(root.GetProperty("scoring_cutoff").GetString()!, CultureInfo.InvariantCulture);
        var training = DateOnly.Parse(root.GetProperty("training_cutoff").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(90, scoring.DayNumber - training.DayNumber);
        var names = new List<string>();
        foreach (var stage in root.GetProperty("stages").EnumerateArray())
        {
            names.Add(stage.GetProperty("name").GetString()!);
        }

        Assert.Equal(["ingest", "quality", "features", "cross_sell", "models", "drift", "kpi", "dashboard", "runs_store", "report"], names);

        // The stage read the typed predictions from the predictions.parquet the models stage wrote.
        Assert.Contains(fixture.Summary.Stages, s => s.Name == "dashboard" && s.Detail.EndsWith("; predictions read from predictions.parquet", StringComparison.Ordinal));

        // The dashboard's tables are stored in the warehouse for this run's predictions, and a server's open reads them.
        var predictions = Path.Combine(fixture.RunFolder, "predictions.csv");
        using (var check = Patron.Warehouse.WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true))
        {
            Assert.True(Patron.Features.Dashboard.DashboardWarehouse.IsStored(check, predictions));
        }

        using (var opened = Patron.Features.Dashboard.DashboardWarehouse.Open(fixture.Options.WarehousePath, predictions))
        {
            Assert.True(opened.Stored);
            Assert.Empty(opened.BuildTimings);
        }
        Assert.True(Directory.Exists(Path.Combine(fixture.RunFolder, "mlruns")));
        Assert.Contains(fixture.Summary.Stages, s => s.Name == "report" && s.Status == StageRecord.Done);
        Assert.True(File.Exists(Path.Combine(fixture.RunFolder, "report.html")));
    }

    private Dictionary<string, double> FeatureSpend()
    {
        // Past spend as the pipeline saw it: net revenue at the scoring cutoff from the gold features.
        using var connection = Patron.Warehouse.WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true);
        using var result = connection.Query(string.Create(CultureInfo.InvariantCulture,
            $"SELECT customer_id, coalesce(net_revenue, 0) AS spend FROM gold.customer_features WHERE cutoff = DATE '{fixture.Summary.ScoringCutoff:yyyy-MM-dd}'"));
        var ids = result["customer_id"].ToStringArray();
        var spend = result["spend"].ToDoubleArray();
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            map[ids[i]!] = spend[i];
        }

        return map;
    }

    private static int Rounds(string description)
    {
        const string Marker = " rounds (early stopping";
        var end = description.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(end > 0, $"'{description}' names no round count");
        var start = description.LastIndexOf(' ', end - 1) + 1;
        return int.Parse(description.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    private JsonElement Task(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.RunFolder, "metrics.json")));
        return document.RootElement.GetProperty("tasks").GetProperty(name).Clone();
    }

    private static JsonElement Candidate(JsonElement task, string name)
    {
        foreach (var candidate in task.GetProperty("candidates").EnumerateArray())
        {
            if (candidate.GetProperty("name").GetString() == name)
            {
                return candidate;
            }
        }

        throw new KeyNotFoundException(name);
    }

    private static double Metric(JsonElement candidate, string key) => candidate.GetProperty("out_of_time").GetProperty(key).GetDouble();

    [Fact]
    public void Run_DemoShop_PredictionsCarryNextProductsNeverBoughtBefore()
    {
        var (header, rows) = CsvFile.Read(Path.Combine(fixture.RunFolder, "predictions.csv"));
        var next = Array.IndexOf(header, "next_products");
        var reason = Array.IndexOf(header, "next_product_reason");
        Assert.True(next > 0 && reason > 0, string.Join(',', header));
        var bought = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        using (var connection = Patron.Warehouse.WarehouseFile.Open(fixture.Options.WarehousePath, readOnly: true))
        using (var lines = connection.Query(string.Create(CultureInfo.InvariantCulture,
            $"SELECT o.customer_id, l.product_id FROM silver.orders o JOIN silver.order_lines l USING (order_id) WHERE o.ordered_at < DATE '{fixture.Summary.ScoringCutoff:yyyy-MM-dd}' AND o.customer_id IS NOT NULL AND l.product_id IS NOT NULL AND o.is_purchase AND NOT o.is_cancellation AND NOT l.is_return AND l.quantity > 0")))
        {
            var customers = lines["customer_id"].ToStringArray();
            var products = lines["product_id"].ToStringArray();
            for (var i = 0; i < customers.Length; i++)
            {
                if (!bought.TryGetValue(customers[i]!, out var set))
                {
                    bought[customers[i]!] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(products[i]!);
            }
        }

        var withRule = 0;
        foreach (var row in rows)
        {
            var ids = row[next].Split('|', StringSplitOptions.RemoveEmptyEntries);
            Assert.InRange(ids.Length, 1, 5);
            Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
            if (bought.TryGetValue(row[0], out var had))
            {
                Assert.DoesNotContain(ids, had.Contains);
            }

            withRule += row[reason].Contains("also bought", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(withRule > rows.Count / 10, $"only {withRule} of {rows.Count} customers have a rule as the first reason");
    }

    [Fact]
    public void Run_DemoShop_CrossSellJsonHasRulesAndTheOutOfTimeEvaluation()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.RunFolder, "cross_sell.json")));
        var root = document.RootElement;
        Assert.Equal("done", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("rules").GetInt32() > 0);
        Assert.True(root.GetProperty("top_rules").GetArrayLength() > 0);
        var evaluation = root.GetProperty("evaluation");
        Assert.Equal(fixture.Summary.TrainingCutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), evaluation.GetProperty("cutoff").GetString());
        foreach (var name in new[] { "rules", "popularity" })
        {
            var metrics = evaluation.GetProperty(name);
            Assert.True(metrics.GetProperty("customers").GetInt32() > 0);
            Assert.InRange(metrics.GetProperty("hit_rate_at_5").GetDouble(), 0, 1);
        }

        var (header, rows) = CsvFile.Read(Path.Combine(fixture.RunFolder, "next_products.csv"));
        Assert.Equal(["cutoff", "customer_id", "rank", "product_id", "product_name", "score", "source", "reason"], header);
        Assert.NotEmpty(rows);
        Assert.True(File.Exists(Path.Combine(fixture.RunFolder, "rules.parquet")));
        var report = File.ReadAllText(Path.Combine(fixture.RunFolder, "report.html"));
        Assert.Contains("id=\"cross-sell\"", report, StringComparison.Ordinal);
        Assert.Contains("cross-sell-evaluation", report, StringComparison.Ordinal);
        Assert.Contains(fixture.Summary.Stages, s => s.Name == "cross_sell" && s.Detail.Contains("hit rate@5", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DemoShop_ProfileSnapshotHoldsTheValuesOfPredictionsCsv()
    {
        var (header, rows) = CsvFile.Read(Path.Combine(fixture.RunFolder, "predictions.csv"));
        var snapshot = Patron.Pipeline.Output.ProfileSnapshot.Read(Path.Combine(fixture.RunFolder, "profiles.bin"));
        Assert.Equal(rows.Count, snapshot.Rows);
        Assert.Equal(new FileInfo(Path.Combine(fixture.RunFolder, "predictions.csv")).Length, snapshot.PredictionsLength);
        var churn = snapshot.Numbers["churn_probability"];
        var clv = snapshot.Numbers["predicted_clv"];
        var (segmentPool, segmentCodes) = snapshot.Texts["segment"];
        var (nextPool, nextCodes) = snapshot.Texts["next.1.product_id"];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var id = System.Text.Encoding.UTF8.GetString(snapshot.IdBytes, snapshot.IdOffsets[i], snapshot.IdOffsets[i + 1] - snapshot.IdOffsets[i]);
            Assert.Equal(row[0], id);
            Assert.Equal(double.Parse(row[Array.IndexOf(header, "churn_probability")], CultureInfo.InvariantCulture), churn[i]);
            Assert.Equal(double.Parse(row[Array.IndexOf(header, "predicted_clv")], CultureInfo.InvariantCulture), clv[i]);
            Assert.Equal(row[Array.IndexOf(header, "segment")], segmentPool[segmentCodes[i]] ?? "");
            Assert.Equal(row[Array.IndexOf(header, "next_products")].Split('|')[0], nextPool[nextCodes[i]]);
        }

        Assert.Contains(snapshot.Names, n => n == "feature.orders");
        Assert.Equal(rows.Count, snapshot.Orders["order.churn"].Length);
    }
}
