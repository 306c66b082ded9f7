using System.Diagnostics;
using Patron.Demo;

namespace Patron.Cli.Tests;

/// <summary>A small generated shop in its own temporary folder, and a way to run the <c>patron</c> program on it.</summary>
/// <remarks>The program runs as a child process: its console is its own, so these tests can run next to others that
/// redirect the test process's console.</remarks>
public sealed class RunShopFixture : IDisposable
{
    public RunShopFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "patron-cli-tests", Guid.NewGuid().ToString("N"));
        Options = new DemoShopOptions { OutputDirectory = Path.Combine(Root, "shop"), Customers = 1_200, Seed = 3 };
        Shop = DemoShopGenerator.Generate(Options);
    }

    public DemoShopOptions Options { get; }

    public string Root { get; }

    public DemoShopResult Shop { get; }

    /// <summary>Runs <c>patron</c> with <paramref name="args"/> and returns its exit code, standard output and error.</summary>
    public static (int Code, string Output, string Error) Patron(params string[] args) => Patron(new Dictionary<string, string?>(), args);

    /// <summary>Runs the program with <paramref name="environment"/> set in its environment (a null value removes the
    /// variable), the rest inherited.</summary>
    public static (int Code, string Output, string Error) Patron(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "patron.dll");
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {host} {dll}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A scanner holding a file must not fail the tests.
        }
    }
}
