using Patron.Pipeline.Tasks;

namespace Patron.Pipeline.Tests.Tasks;

public sealed class SessionTaskRunnerTests
{
    [Theory]
    [InlineData(PipelineOptions.DefaultMaxTrainingRows, SessionTaskRunner.MaxFitRows)]
    [InlineData(2_000_000, SessionTaskRunner.MaxFitRows)]
    [InlineData(SessionTaskRunner.MaxFitRows, SessionTaskRunner.MaxFitRows)]
    [InlineData(100_000, 100_000)]
    [InlineData(300, 300)]
    [InlineData(0, 0)]
    public void FitCap_RunsCap_SessionsFitOnTheLowerOfItAndTheSessionCap(int maxTrainingRows, int expected)
    {
        Assert.Equal(expected, SessionTaskRunner.FitCap(maxTrainingRows));
    }

    [Fact]
    public void FitCap_DefaultRun_FitsOnAQuarterOfAMillionSessions()
    {
        // The default run's cap (half a million) is above the session cap, so sessions fit on 250,000.
        Assert.Equal(250_000, SessionTaskRunner.FitCap(new PipelineOptions { Source = "generic", Input = "x", OutputDirectory = "y" }.MaxTrainingRows));
    }

    [Fact]
    public void FitCap_Negative_Rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionTaskRunner.FitCap(-1));
    }
}
