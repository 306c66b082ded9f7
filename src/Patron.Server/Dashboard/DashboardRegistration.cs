using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Patron.Server.Dashboard.Components;
using Patron.Server.Security;

namespace Patron.Server.Dashboard;

/// <summary>Adds the dashboard (docs/dashboard.md) to the server: Blazor pages rendered on the server (static, no
/// circuit), the CSV downloads and the embedded scripts.</summary>
internal static class DashboardRegistration
{
    public static IServiceCollection AddPatronDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        services.AddSingleton<DashboardSource>();
        services.AddSingleton<DashboardPipeline>();
        services.AddSingleton<IStartupFilter>(provider => provider.GetRequiredService<DashboardPipeline>());
        services.AddSingleton<DashboardWarmup>();
        services.AddHostedService(provider => provider.GetRequiredService<DashboardWarmup>());
        services.AddScoped<DashboardContext>();
        return services;
    }

    public static WebApplication MapPatronDashboard(this WebApplication app)
    {
        ServerTiming.Use(app);
        app.UseAntiforgery();
        app.MapDashboardAssets();
        app.MapExportEndpoints();
        if (app.Services.GetService<ApiKeys>() is not null)
        {
            app.MapSignInEndpoints();
        }

        app.MapRazorComponents<App>();
        return app;
    }
}
