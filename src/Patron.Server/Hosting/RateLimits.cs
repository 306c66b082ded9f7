using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Patron.Server.Security;

namespace Patron.Server.Hosting;

/// <summary>One fixed one-second window per client (its API key, else its address) over the <c>/api</c> routes; a
/// client over its limit gets a 429 problem with <c>Retry-After</c>.</summary>
internal static class RateLimits
{
    public static IServiceCollection AddPatronRateLimits(this IServiceCollection services, int perSecond)
    {
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (perSecond <= 0 || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter("open");
                }

                var client = context.Request.Headers.TryGetValue(ApiKeyMiddleware.Header, out var key) && key.Count == 1
                    ? "key:" + key[0]
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perSecond,
                    Window = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, cancellation) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.Make(StatusCodes.Status429TooManyRequests, "Too many requests.",
                    string.Create(CultureInfo.InvariantCulture, $"This client may make {perSecond:N0} requests a second; try again shortly."), null)
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
    }
}
