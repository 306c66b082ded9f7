namespace Patron.Server.Hosting;

/// <summary>Runtime settings of a serving process that must be made before the thread pool starts its first worker.</summary>
public static class ServeRuntime
{
    /// <summary>The runtime setting of how long an idle thread-pool worker spins before it sleeps.</summary>
    public const string SpinLimitSetting = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    /// <summary>The environment variable of the same setting, which an operator may set to keep spinning.</summary>
    public const string SpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    /// <summary>Makes idle thread-pool workers sleep at once instead of spinning first, unless the environment or the
    /// runtimeconfig already chose a value. A serving process shares its cores with Redis and the load balancer's
    /// connections: a spinning worker burns the core one of them waits for (docs/serving.md, "Store layout (Redis)").</summary>
    /// <remarks>The pool reads the setting once, when its first worker starts; called later, this changes nothing.
    /// <c>patron serve</c> calls it before it builds the host, when no work has been queued yet.</remarks>
    /// <returns>Whether the setting was made here.</returns>
    public static bool StopIdleSpinning()
    {
        if (AppContext.GetData(SpinLimitSetting) is not null || Environment.GetEnvironmentVariable(SpinLimitVariable) is not null)
        {
            return false;
        }

        AppContext.SetData(SpinLimitSetting, "0");
        return true;
    }
}
