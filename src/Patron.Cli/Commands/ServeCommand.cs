using System.CommandLine;
using System.Globalization;
using Patron.Server;
using Patron.Server.Hosting;
using Patron.Server.Store;

namespace Patron.Cli.Commands;

/// <summary><c>patron serve</c>: the scoring API over a run folder (docs/serving.md): profiles, lists, what-if and
/// session scoring, model cards and KPIs over HTTP, with new runs picked up without a restart.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder to serve (from patron run or patron demo).", Required = true };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, ';' separated.", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var keys = new Option<string?>("--api-key-file") { Description = "API key file: one 'read KEY' or 'admin KEY' a line; /api routes then need a key." };
        var store = new Option<string>("--store") { Description = "Where profiles are read from: memory, redis://HOST:PORT or unix:///PATH (Redis on a Unix domain socket).", DefaultValueFactory = _ => "memory" };
        var rate = new Option<int>("--rate-limit") { Description = "Requests a client may make per second on /api routes (0 = no limit).", DefaultValueFactory = _ => 20_000 };
        var maxBody = new Option<long>("--max-body") { Description = "Largest request body in bytes.", DefaultValueFactory = _ => 16L * 1024 * 1024 };
        var noWatch = new Option<bool>("--no-watch") { Description = "Do not reload when the run folder changes (POST /api/admin/reload still does)." };
        var publish = new Option<bool>("--publish") { Description = "Write the run's profiles to the Redis --store under its version, flip the pointer and exit." };
        var db = new Option<string?>("--db") { Description = "Warehouse file: the dashboard reads it (revenue, cohorts, funnel, lists by the global filter); POST /api/events appends events to it and profiles update live (docs/live.md)." };
        var watchFolder = new Option<string?>("--watch") { Description = "Folder whose dropped files (any source format) are ingested like posted events; needs --db." };
        var experiments = new Option<string?>("--experiments") { Description = "Folder of experiment analyses and uplift files (patron experiment analyze --json, patron uplift --json/--out) the dashboard's experiments page shows; default: experiments/ in the run folder." };
        var inlineIo = new Option<bool>("--inline-io") { Description = "Run request handlers on the socket threads: fewer thread hops for profiles read from a Redis store; only without --db (docs/serving.md)." };
        var command = new Command("serve", "Serve a run over HTTP: customer profiles, churn lists, what-if and session scoring, model cards and KPIs.")
        {
            run, urls, keys, store, rate, maxBody, noWatch, publish, db, watchFolder, experiments, inlineIo,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(run)!;
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"The run folder {folder} does not exist.");
            }

            var options = new ServeOptions
            {
                RunFolder = Path.GetFullPath(folder),
                Urls = parse.GetValue(urls)!,
                ApiKeyFile = parse.GetValue(keys),
                Store = parse.GetValue(store)!,
                RateLimitPerSecond = parse.GetValue(rate),
                MaxBodyBytes = parse.GetValue(maxBody),
                Watch = !parse.GetValue(noWatch),
                Db = parse.GetValue(db) is { } dbPath ? Path.GetFullPath(dbPath) : null,
                EventFolder = parse.GetValue(watchFolder) is { } eventFolder ? Path.GetFullPath(eventFolder) : null,
                Experiments = parse.GetValue(experiments) is { } experimentFolder ? Path.GetFullPath(experimentFolder) : null,
                InlineIo = parse.GetValue(inlineIo),
            };
            if (options.InlineIo && options.Db is not null)
            {
                throw new ArgumentException("--inline-io runs handlers on the socket threads, where the dashboard's warehouse queries would block them: drop --db or --inline-io.");
            }
            if (options.EventFolder is not null && options.Db is null)
            {
                throw new ArgumentException("--watch ingests into a warehouse: add --db FILE.");
            }

            if (parse.GetValue(publish))
            {
                if (!Patron.Server.Store.RedisAddress.IsRedis(options.Store))
                {
                    throw new ArgumentException("--publish writes to a Redis store: add --store redis://HOST:PORT or unix:///PATH.");
                }

                Publish(options.RunFolder, options.Store);
                return 0;
            }

            ServeRuntime.StopIdleSpinning();
            if (options.InlineIo)
            {
                // Read once, when the first socket is made (none is yet): socket completions then run on the thread
                // that polls the sockets instead of going through the thread pool.
                Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
            }

            using var app = PatronServer.Build(options);
            app.Run();
            return 0;
        });
        return command;
    }

    /// <summary>Publishes a run folder to a Redis store and says what it did on stderr.</summary>
    internal static PublishResult Publish(string runFolder, string store)
    {
        var published = RunPublisher.PublishAsync(runFolder, store).GetAwaiter().GetResult();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"published run {published.Version} to {store}: {published.KeysWritten:N0} keys; {published.RemovedVersions.Count} older version(s) removed ({published.KeysRemoved:N0} keys)"));
        return published;
    }
}
