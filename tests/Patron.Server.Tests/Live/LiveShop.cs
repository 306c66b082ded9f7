using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Patron.Demo;
using Patron.Server.Live;
using Patron.Server.Tests.Support;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Server.Tests.Live;

/// <summary>A warehouse of the demo shop the committed demo-400 run was made from (400 customers, seed 42), built once
/// per test class; each test serves its own copy.</summary>
public sealed class LiveShop : IDisposable
{
    private readonly TempFolder _temp = new();

    public LiveShop()
    {
        Shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = _temp.Folder("shop"), Customers = 400, Seed = 42 }).OutputDirectory;
        Template = _temp.File("template.duckdb");
        new Ingestor().Ingest(Template, new GenericSource(), Shop);
    }

    /// <summary>The shop's generic files.</summary>
    public string Shop { get; }

    /// <summary>The warehouse file to copy.</summary>
    public string Template { get; }

    /// <summary>Starts a server over a copy of demo-400 and a copy of the warehouse, and waits until it takes events.</summary>
    internal async Task<ServedRun> ServeAsync(Func<ServeOptions, ServeOptions>? change = null, bool kestrel = false, ILoggerProvider? logs = null)
    {
        string? db = null;
        var run = await ServedRun.StartAsync(options =>
        {
            db = Path.Combine(Path.GetDirectoryName(options.RunFolder)!, "w.duckdb");
            File.Copy(Template, db);
            var live = options with { Db = db };
            return change?.Invoke(live) ?? live;
        }, kestrel: kestrel, logs: logs);
        await run.App.Services.GetRequiredService<LiveService>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return run;
    }

    public void Dispose() => _temp.Dispose();
}
