using Patron.Server.Hosting;

namespace Patron.Server.Tests.Hosting;

public sealed class ServeRuntimeTests
{
    [Fact]
    public void StopIdleSpinning_NoValueChosen_SetsZeroOnceAndKeepsAChosenValue()
    {
        var chosen = Environment.GetEnvironmentVariable(ServeRuntime.SpinLimitVariable) is not null
            || AppContext.GetData(ServeRuntime.SpinLimitSetting) is not null;

        Assert.Equal(!chosen, ServeRuntime.StopIdleSpinning());
        if (!chosen)
        {
            Assert.Equal("0", AppContext.GetData(ServeRuntime.SpinLimitSetting));
        }

        // A value already there (given by the operator, or set by the first call) is left as it is.
        Assert.False(ServeRuntime.StopIdleSpinning());
    }
}
