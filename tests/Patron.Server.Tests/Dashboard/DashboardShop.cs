using Patron.Demo;
using Patron.Pipeline;

namespace Patron.Server.Tests.Dashboard;

/// <summary>A generated shop run through the pipeline once for the dashboard tests: its warehouse and run folder.</summary>
public abstract class DashboardShop : IAsyncLifetime
{
    private readonly TempFolder _temp = new();

    public string Warehouse => Path.Combine(_temp.Path, "patron.duckdb");

    public string RunFolder => Path.Combine(_temp.Path, "run");

    public string Name { get; }

    protected DashboardShop(string name) => Name = name;

    protected abstract (string Source, string Input) Generate(string folder);

    public Task InitializeAsync()
    {
        var (source, input) = Generate(Path.Combine(_temp.Path, "shop"));
        new PipelineRunner(new PipelineOptions
        {
            Source = source,
            Input = input,
            OutputDirectory = RunFolder,
            Warehouse = Warehouse,
            Tasks = ["churn", "clv"],
            BoostingRounds = 20,
            Folds = 2,
            Seed = 5,
        }).Run();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The demo generator's shop (customers with countries and channels, web sessions and click events).</summary>
public sealed class DemoDashboardShop : DashboardShop
{
    public DemoDashboardShop() : base("demo")
    {
    }

    protected override (string, string) Generate(string folder)
    {
        DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder, Customers = 500, Seed = 11 });
        return ("generic", folder);
    }
}

/// <summary>An Online Retail-format export (one invoice-line file: no customers file, channels or sessions).</summary>
public sealed class RetailDashboardShop : DashboardShop
{
    public RetailDashboardShop() : base("online-retail")
    {
    }

    protected override (string, string) Generate(string folder)
    {
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder, Customers = 600, Seed = 12, Format = DemoShopFormat.OnlineRetail });
        return ("online-retail", Path.Combine(shop.OutputDirectory, DemoShopGenerator.OnlineRetailFile));
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DemoDashboardShop>, ICollectionFixture<RetailDashboardShop>, ICollectionFixture<ExperimentDashboardShop>
{
    public const string Name = "dashboard";
}
