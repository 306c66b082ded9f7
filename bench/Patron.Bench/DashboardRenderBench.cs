using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Patron.Bench;

/// <summary>How long a dashboard page takes to draw in headless Chromium (Debian's /usr/bin/chromium through
/// Playwright), against a running <c>patron serve --db</c>.</summary>
/// <remarks>
/// Usage: <c>dashboard-render --url http://127.0.0.1:PORT [--path /] [--repeat 5] [--chromium /usr/bin/chromium]</c>.
/// Loads the page <c>--repeat</c> times after one cold load (empty cache) in one browser tab and prints per load: the
/// wall time from navigation to every chart drawn (the page's script marks <c>patron-charts-drawn</c>), the server's
/// answer (time to the first byte and to the last), the HTML's size, the number of charts, and Chromium's own
/// counters for the page's document (script, layout and style time, from the DevTools protocol's
/// Performance.getMetrics, read once the charts are drawn).
/// </remarks>
internal static class DashboardRenderBench
{
    private static async Task<int> RunAsync(string[] args)
    {
        var url = BenchArgs.Option(args, "--url", "");
        if (url.Length == 0)
        {
            Console.Error.WriteLine("usage: dashboard-render --url http://127.0.0.1:PORT [--path /] [--repeat 5] [--chromium /usr/bin/chromium]");
            return 2;
        }

        var path = BenchArgs.Option(args, "--path", "/");
        var repeat = BenchArgs.IntOption(args, "--repeat", 5);
        var chromium = BenchArgs.Option(args, "--chromium", "/usr/bin/chromium");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        Console.WriteLine($"{"load",-6} {"drawn ms",9} {"first byte",10} {"last byte",10} {"html KB",8} {"charts",6} {"script ms",9} {"layout ms",9} {"style ms",8}");
        var target = url.TrimEnd('/') + path;
        for (var i = 0; i <= repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await page.GotoAsync(target, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            if (response is null || response.Status != 200)
            {
                Console.Error.WriteLine($"{target} answered {response?.Status.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");
                return 1;
            }

            await page.WaitForFunctionAsync("() => performance.getEntriesByName('patron-charts-drawn').length > 0");
            var wall = clock.Elapsed.TotalMilliseconds;
            var after = await Metrics(cdp);
            var timing = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const n = performance.getEntriesByType('navigation')[0];
                  const drawn = performance.getEntriesByName('patron-charts-drawn')[0];
                  return { first: n.responseStart, last: n.responseEnd, size: n.decodedBodySize, drawn: drawn.startTime,
                           charts: document.querySelectorAll('.plot[data-drawn="true"]').length };
                }
                """);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(i == 0 ? "cold" : "warm"),-6} {timing.GetProperty("drawn").GetDouble(),9:F0} {timing.GetProperty("first").GetDouble(),10:F0} {timing.GetProperty("last").GetDouble(),10:F0} {timing.GetProperty("size").GetDouble() / 1024,8:F0} {timing.GetProperty("charts").GetInt32(),6} {after.Script * 1000,9:F0} {after.Layout * 1000,9:F0} {after.Style * 1000,8:F0}   (wall {wall:F0} ms)"));
        }

        return 0;
    }

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<(double Script, double Layout, double Style)> Metrics(ICDPSession cdp)
    {
        var answer = await cdp.SendAsync("Performance.getMetrics");
        double script = 0, layout = 0, style = 0;
        foreach (var metric in answer!.Value.GetProperty("metrics").EnumerateArray())
        {
            var value = metric.GetProperty("value").GetDouble();
            switch (metric.GetProperty("name").GetString())
            {
                case "ScriptDuration": script = value; break;
                case "LayoutDuration": layout = value; break;
                case "RecalcStyleDuration": style = value; break;
            }
        }

        return (script, layout, style);
    }
}
