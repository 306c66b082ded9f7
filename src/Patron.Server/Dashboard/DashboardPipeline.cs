using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Patron.Server.Dashboard;

/// <summary>The server's whole request pipeline (every middleware, routing, the endpoints), kept when the host builds
/// it, so that <see cref="DashboardWarmup"/> can render pages in process exactly as a request from outside would be
/// rendered: same middleware, same components, same queries.</summary>
/// <remarks>A startup filter: the host applies it around everything the application configures, so the delegate kept
/// is the first of the pipeline. Thread-safe.</remarks>
internal sealed class DashboardPipeline : IStartupFilter
{
    private readonly TaskCompletionSource<RequestDelegate> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the pipeline once the host has built it.</summary>
    public Task<RequestDelegate> Built => _built.Task;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // A middleware whose factory receives the rest of the pipeline, all of it, and returns it unchanged: requests
        // from outside pass through as if it were not there.
        app.Use(rest =>
        {
            _built.TrySetResult(rest);
            return rest;
        });
        next(app);
    };
}
