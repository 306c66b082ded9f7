namespace Patron.Pipeline.Tests;

public sealed class PipelineConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "patron-pipeline-tests", Guid.NewGuid().ToString("N"));

    public PipelineConfigTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Load_EverySetting_ReadsValuesAndResolvesPathsAgainstTheFile()
    {
        var path = Path.Combine(_dir, "patron.yaml");
        File.WriteAllText(path, """
            source: olist
            input: shop/
            out: run
            cutoff: 2026-10-01
            horizon: 13w
            clv_horizon: 1y
            tasks: [churn, clv]
            folds: 4
            cv: true
            rounds: 50
            seed: 9
            """);

        var config = PipelineConfig.Load(path);

        Assert.Equal("olist", config.Source);
        Assert.Equal(Path.Combine(_dir, "shop") + Path.DirectorySeparatorChar, config.Input);
        Assert.Equal(Path.Combine(_dir, "run"), config.Out);
        Assert.Equal(new DateOnly(2026, 10, 1), config.Cutoff);
        Assert.Equal(91, config.HorizonDays);
        Assert.Equal(365, config.ClvHorizonDays);
        Assert.Equal(["churn", "clv"], config.Tasks);
        Assert.Equal(4, config.Folds);
        Assert.True(config.CrossValidateEvery);
        Assert.Equal(50, config.Rounds);
        Assert.Equal(9, config.Seed);
    }

    [Fact]
    public void Load_IngestSettings_ReadsEachOne()
    {
        var path = Path.Combine(_dir, "patron.yaml");
        File.WriteAllText(path, """
            strict: true
            keep_orphans: yes
            quarantine_outliers: false
            shop_opened: 2010-12-01
            purchase_statuses: [delivered, shipped]
            date_order: dmy
            """);

        var config = PipelineConfig.Load(path);

        Assert.True(config.Strict);
        Assert.True(config.KeepOrphans);
        Assert.False(config.QuarantineOutliers);
        Assert.Equal(new DateOnly(2010, 12, 1), config.ShopOpened);
        Assert.Equal(["delivered", "shipped"], config.PurchaseStatuses);
        Assert.Equal("dmy", config.DateOrder);
    }

    [Theory]
    [InlineData("keep_orphans: maybe", "keep_orphans: expected true or false")]
    [InlineData("date_order: ymd", "date_order: expected auto, mdy or dmy")]
    [InlineData("shop_opened: 1/12/2010", "shop_opened: expected yyyy-MM-dd")]
    public void Load_BadIngestSetting_ThrowsNamingIt(string line, string expected)
    {
        var path = Path.Combine(_dir, "patron.yaml");
        File.WriteAllText(path, line);

        var error = Assert.Throws<FormatException>(() => PipelineConfig.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CampaignsAndEarlyTask_PathResolvedTaskKnown()
    {
        var path = Path.Combine(_dir, "patron.yaml");
        File.WriteAllText(path, "campaigns: marketing/campaigns.csv\ntasks: [churn, early_high_value]\n");

        var config = PipelineConfig.Load(path);

        Assert.Equal(Path.Combine(_dir, "marketing", "campaigns.csv"), config.Campaigns);
        Assert.Equal(["churn", "early_high_value"], config.Tasks);
        Assert.Equal(365, new PipelineOptions { Source = "generic", Input = "shop", OutputDirectory = "run" }.EffectiveEarlyHorizon);
        Assert.Throws<ArgumentException>(() => new PipelineOptions { Source = "generic", Input = "shop", OutputDirectory = "run", EarlyHorizonDays = 3 }.Validate());
    }

    [Fact]
    public void Load_UnknownSetting_ThrowsWithLineAndName()
    {
        var path = Path.Combine(_dir, "patron.yaml");
        File.WriteAllText(path, "source: generic\nhorizn: 90d\n");

        var error = Assert.Throws<FormatException>(() => PipelineConfig.Load(path));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("horizn", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90d", 90)]
    [InlineData("2w", 14)]
    [InlineData("1y", 365)]
    public void ParseDays_Units_GiveDays(string text, int days) => Assert.Equal(days, PipelineConfig.ParseDays(text, "horizon"));

    [Fact]
    public void ParseDays_Garbage_Throws() => Assert.Throws<FormatException>(() => PipelineConfig.ParseDays("soon", "horizon"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
