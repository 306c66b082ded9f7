using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Patron.Server.Hosting;
using Patron.Server.Store;

namespace Patron.Server.Tests.Support;

/// <summary>A test's own server over its own copy of a run folder: in memory (TestServer) by default, or real Kestrel
/// on a free loopback port.</summary>
internal sealed class ServedRun : IAsyncDisposable
{
    private readonly TempFolder _temp;

    private ServedRun(TempFolder temp, WebApplication app, HttpClient client, string folder)
    {
        _temp = temp;
        App = app;
        Client = client;
        Folder = folder;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>The served copy of the run folder.</summary>
    public string Folder { get; }

    public TempFolder Temp => _temp;

    public SnapshotHolder Holder => App.Services.GetRequiredService<SnapshotHolder>();

    /// <summary>The demo run committed under tests/data/runs/demo-400 (399 customers, web sessions, cross-sell).</summary>
    public static string DemoRun => TestData.File("runs", "demo-400");

    public static async Task<ServedRun> StartAsync(Func<ServeOptions, ServeOptions>? change = null, string? source = null, bool kestrel = false, ILoggerProvider? logs = null)
    {
        var temp = new TempFolder();
        var folder = temp.Folder("run");
        CopyFolder(source ?? DemoRun, folder);
        // Pages wait for the dashboard's tables as long as a loaded test machine may need to build them.
        var options = new ServeOptions { RunFolder = folder, Watch = false, Urls = kestrel ? "http://127.0.0.1:0" : ServeOptions.DefaultUrls, DashboardWait = TimeSpan.FromMinutes(5) };
        options = change?.Invoke(options) ?? options;
        var app = PatronServer.Build(options, builder =>
        {
            if (!kestrel)
            {
                builder.WebHost.UseTestServer();
            }

            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        await app.StartAsync();
        await app.Services.GetRequiredService<RunLoadService>().Loaded;
        var client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
        return new ServedRun(temp, app, client, folder);
    }

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyFolder(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _temp.Dispose();
    }
}
