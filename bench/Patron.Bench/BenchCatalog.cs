namespace Patron.Bench;

/// <summary>The benchmark programs by name; each area adds its entry.</summary>
internal static class BenchCatalog
{
    private static readonly Dictionary<string, (string Purpose, Func<string[], int> Run)> Benchmarks = new(StringComparer.Ordinal)
    {
        ["ingest"] = ("ingest + quality on a generated shop (default 10M transactions) vs pandas doing the same load and checks", IngestBench.Run),
        ["ingest-stage"] = ("(internal) the measured Patron side of the ingest benchmark", IngestBench.Stage),
        ["generate"] = ("demo shop generator: rows/s and peak memory vs a NumPy/pandas generator", GenerateBench.Run),
        ["features"] = ("customer features at one cutoff vs a vectorised pandas implementation: time and peak memory", FeaturesBench.Run),
        ["boosting"] = ("gradient boosting vs XGBoost hist: test AUC and training time", BoostingBench.Run),
        ["linear"] = ("logistic regression fit time vs scikit-learn lbfgs on the same matrix", LinearBench.Run),
        ["run"] = ("patron run end to end on a generated shop (default 1M transactions): wall and CPU seconds and peak memory per stage, CPU per step with --steps", RunBench.Run),
        ["features-stage"] = ("the features stage alone on an earlier run's warehouse copy (--db FILE --out DIR): CPU seconds and working set per progress line, wall, peak memory", FeaturesStageBench.Run),
        ["models"] = ("the models stage alone on an earlier run's warehouse (--db FILE --out DIR): CPU seconds per progress line, wall, peak memory, chosen models", ModelsBench.Run),
        ["reasons"] = ("a run's churn reasons for the scoring cutoff's customers N times (--db FILE --models DIR): CPU seconds of the contributions and of the reasons, and an MD5 of the texts", ReasonsBench.Run),
        ["tree-scoring"] = ("a run's customer tree models scoring the scoring cutoff's customers N times (--db FILE --models DIR): CPU seconds per model and an MD5 of the scores", TreeScoringBench.Run),
        ["drift-stage"] = ("the drift stage alone on an earlier run's folder and warehouse (--run DIR --out DIR): CPU, wall and peak resident size per progress line; drift.json and metrics.json in DIR to compare with the run's", DriftStageBench.Run),
        ["cross-sell-stage"] = ("the cross_sell stage alone on a copy of an earlier run's warehouse (--run DIR --db COPY --out DIR): CPU, wall and peak resident size per progress line; rules.parquet, next_products.csv and cross_sell.json in DIR to compare with the run's", CrossSellStageBench.Run),
        ["sessions"] = ("session features (history strictly before each session) vs pandas groupby/merge_asof on the same silver rows: time and checksums", SessionsBench.Run),
        ["predictions"] = ("writing a run's predictions files for 2.1M customers: Parquet from the arrays vs DuckDB reading the CSV back", PredictionsBench.Run),
        ["predictions-stage"] = ("(internal) one measured side of the predictions benchmark", PredictionsBench.Stage),
        ["redis-get"] = ("CPU per profile GET on the Redis store's read path: StackExchange.Redis vs the store's RESP2 client, on a published run (--store redis://HOST:PORT --ids FILE)", RedisGetBench.Run),
        ["serve-run"] = ("writes a synthetic run folder of N customers (default 2.1M) cycling a template run's profiles, for patron serve's startup and memory figures", ServeRunBench.Run),
        ["rules"] = ("association rules by FP-Growth on Online Retail-sized baskets (or a warehouse with --db) vs a vectorised pandas pair counter", RulesBench.Run),
        ["lifetime"] = ("BG/NBD and Pareto/NBD fits on CDNOW and BG/NBD on 1M generated customers vs SciPy L-BFGS-B", LifetimeBench.Run),
        ["dashboard"] = ("the dashboard pages' queries on a run folder and its warehouse (--run DIR --db FILE): best of N per query and per page", DashboardBench.Run),
        ["dashboard-render"] = ("a dashboard page in headless Chromium against a running patron serve --db (--url URL [--path /]): time to every chart drawn, server answer, HTML size, script and layout time", DashboardRenderBench.Run),
        ["live"] = ("freshness of patron serve --db: order events posted at a fixed rate, POST->visible profile latency percentiles, server CPU per event and memory", LiveBench.Run),
        ["live-commit"] = ("one live commit group on a warehouse copy (--db FILE --ids FILE --products FILE --group N): wall and CPU ms per ingest step", LiveCommitBench.Run),
        ["live-probe"] = ("one live update's feature read on a warehouse: one customer, and a group of customers", LiveProbeBench.Run),
        ["duckdbnet"] = ("Patron.DuckDb vs DuckDB.NET.Data (ADO.NET) on one native library: appender load, reading 1M mixed rows, 10,000 open/query/close cycles", DuckDbNetBench.Run),
    };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var bench))
        {
            Console.Error.WriteLine("usage: Patron.Bench NAME [options]");
            foreach (var (name, (purpose, _)) in Benchmarks)
            {
                Console.Error.WriteLine($"  {name,-20} {purpose}");
            }

            return args.Length == 0 ? 0 : 2;
        }

        return bench.Run(args[1..]);
    }
}
