using Patron.Demo;
using Patron.Demo.Experiment;
using Patron.Features.Build;
using Patron.Pipeline.Experiments;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Server.Tests.Dashboard;

/// <summary>A demo shop of 2,000 customers with a simulated win-back test of lapsing customers (<c>patron demo generate
/// --experiment lapsing</c>), ingested, with features at the experiment's start, then analysed as <c>patron experiment
/// analyze --cuped --json</c> and <c>patron uplift --out --json</c> do: the experiments folder the page reads.</summary>
public sealed class ExperimentDashboardShop : IDisposable
{
    private readonly TempFolder _temp = new();

    public ExperimentDashboardShop()
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = _temp.Folder("shop"),
            Customers = 2000,
            Seed = 31,
            Experiment = new DemoExperimentOptions { Population = DemoExperimentPopulation.Lapsing },
        });
        var experiment = shop.Experiment!;
        var warehouse = _temp.File("ab.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using (var connection = WarehouseFile.Open(warehouse))
        {
            FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = experiment.Start, Kpis = false });
        }

        Folder = _temp.Folder("experiments");
        var (ids, variants) = AssignmentFile.Read(experiment.AssignmentsPath);
        using (var connection = WarehouseFile.Open(warehouse, readOnly: true))
        {
            var analysis = ExperimentAnalysis.Run(connection, ids, variants, experiment.Start, experiment.WindowDays, ExperimentAnalysis.KnownMetrics, cuped: true);
            ExperimentJson.WriteAnalysis(analysis, Path.Combine(Folder, "analysis.json"));
            var uplift = UpliftAnalysis.Run(connection, ids, variants, experiment.Start, experiment.WindowDays, 3, 5);
            UpliftOutput.WriteJson(uplift, Path.Combine(Folder, "uplift.json"));
            UpliftOutput.WriteTargets(uplift, Path.Combine(Folder, "targets.csv"));
        }
    }

    public string Name => "experiment";

    /// <summary>The experiments folder: analysis.json, uplift.json and targets.csv.</summary>
    public string Folder { get; }

    public void Dispose() => _temp.Dispose();
}
