using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Patron.Server.Dashboard;
using Patron.Server.Endpoints;
using Patron.Server.Hosting;
using Patron.Server.Live;
using Patron.Server.Security;
using Patron.Server.Store;
using Prometheus;
using Scalar.AspNetCore;

namespace Patron.Server;

/// <summary>The scoring service's composition: services, middleware and the endpoint groups. <c>patron serve</c> and
/// the tests build it here; the endpoints live in the <c>Endpoints/</c> classes.</summary>
public static class PatronServer
{
    /// <summary>Builds the application for <paramref name="options"/>; <paramref name="configure"/> may change the builder
    /// (the tests use an in-memory server).</summary>
    public static WebApplication Build(ServeOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes + 1;
        });
        if (options.InlineIo)
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        // Request paths hold customer ids: the framework's request logs stay below Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        // Faults are logged by ErrorResponses without the exception's message, which may quote customer data.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Components", LogLevel.None);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<SnapshotHolder>();
        services.AddSingleton<RunLoadService>();
        services.AddHostedService(provider => provider.GetRequiredService<RunLoadService>());
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<IProfileStore>(provider => StoreFactory.Create(options, provider));
        services.AddSingleton<LiveProfiles>();
        services.AddSingleton<WarehouseInstance>();
        services.AddSingleton<LiveService>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveService>());
        services.AddHostedService<FolderWatcher>();
        if (options.ApiKeyFile is { } keyFile)
        {
            services.AddSingleton(ApiKeys.Load(keyFile));
            services.AddSingleton<SignInTokens>();
        }

        services.ConfigureHttpJsonOptions(json => Json(json.SerializerOptions));
        services.AddProblemDetails();
        services.AddPatronRateLimits(options.RateLimitPerSecond);
        services.AddOpenApi();
        services.AddPatronDashboard();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = ErrorResponses.WriteAsync,
        });
        app.UseStatusCodePages();
        if (options.ApiKeyFile is not null)
        {
            app.UseMiddleware<ApiKeyMiddleware>();
        }

        app.UseRateLimiter();
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        app.UseHttpMetrics(http =>
        {
            http.RequestCount.Registry = metrics.Registry;
            http.RequestDuration.Registry = metrics.Registry;
            http.InProgress.Registry = metrics.Registry;
        });
        app.MapHealthEndpoints();
        app.MapCustomerEndpoints();
        app.MapScoreEndpoints();
        app.MapRecommendEndpoints();
        app.MapCatalogEndpoints();
        app.MapAdminEndpoints();
        app.MapEventEndpoints();
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", _ => { });
        app.MapPatronDashboard();
        return app;
    }

    /// <summary>Loads the run folder of <paramref name="options"/> and publishes its profiles to the Redis store
    /// (<c>patron serve --publish</c>); returns the version published.</summary>
    public static async Task<string> PublishAsync(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var published = await RunPublisher.PublishAsync(options.RunFolder, options.Store).ConfigureAwait(false);
        return published.Version;
    }

    internal static void Json(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // As ASP.NET Core's own default: the answers are JSON documents, not HTML, so quotes and apostrophes stay as
        // they are, and published profiles have the same bytes as served ones.
        json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }
}
