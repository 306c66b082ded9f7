using Patron.Demo;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Tests.Support;

namespace Patron.Warehouse.Tests.Ingest;

/// <summary>The ingest lives within DuckDB's memory limit: a shop larger than the limit still lands whole, and a limit too
/// small for even that fails cleanly.</summary>
public sealed class IngestMemoryTests
{
    private const string SmallLimit = "64MB";

    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static string MidSizeShop(TempFolder temp) =>
        DemoShopGenerator.Generate(new DemoShopOptions
        {
            OutputDirectory = temp.Folder("shop"), Transactions = 250_000, Seed = 17, DefectRate = 0.01, SessionsPerOrder = 0,
        }).OutputDirectory;

    private static IngestResult Ingest(string warehouse, string folder, string memoryLimit) =>
        new Ingestor(new FixedTime(Now)).Ingest(warehouse, new GenericSource(), folder, new IngestOptions { MemoryLimit = memoryLimit });

    [Fact]
    public void Ingest_ShopLargerThanASmallMemoryLimit_GivesTheSameWarehouseAsAnAmpleOne()
    {
        using var temp = new TempFolder();
        var shop = MidSizeShop(temp);
        var csvBytes = new DirectoryInfo(shop).GetFiles("*.csv").Sum(f => f.Length);
        Assert.True(csvBytes > (64L << 20) / 4, "the shop must be a sizeable share of the limit for this test to mean anything");

        var tight = temp.File("tight.duckdb");
        var ample = temp.File("ample.duckdb");
        var tightResult = Ingest(tight, shop, SmallLimit);
        Ingest(ample, shop, "2GB");

        Assert.True(tightResult.Silver.Orders > 200_000, $"expected the whole shop in silver, got {tightResult.Silver.Orders} orders");
        Assert.Equal(WarehouseProbe.Fingerprint(ample), WarehouseProbe.Fingerprint(tight));
        Assert.False(Directory.Exists(tight + ".tmp") && Directory.EnumerateFiles(tight + ".tmp").Any(), "spilled files are removed when the ingest ends");
    }

    [Fact]
    public void Ingest_MemoryLimitTooSmall_FailsAndLeavesTheWarehouseAsItWas()
    {
        using var temp = new TempFolder();
        var shop = MidSizeShop(temp);
        var warehouse = temp.File("w.duckdb");
        Ingest(warehouse, GenericShop.Write(temp.Folder("first")), "1GB");
        var before = WarehouseProbe.Fingerprint(warehouse);

        var error = Assert.ThrowsAny<Exception>(() => Ingest(warehouse, shop, "4MB"));

        Assert.Contains("memory", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, WarehouseProbe.Fingerprint(warehouse));

        var fresh = temp.File("fresh.duckdb");
        Assert.ThrowsAny<Exception>(() => Ingest(fresh, shop, "4MB"));
        Assert.False(File.Exists(fresh) || Directory.Exists(fresh + ".tmp"), "a failed first ingest leaves neither a warehouse nor its spill folder");
    }

    [Theory]
    [InlineData(512L << 20, "256MiB")]
    [InlineData(8L << 30, "2048MiB")]
    [InlineData(12L << 30, "3072MiB")]
    [InlineData(256L << 30, "3072MiB")]
    public void DefaultMemoryLimit_QuarterOfMemoryWithinBounds_IsDuckDbSyntax(long available, string expected)
    {
        Assert.Equal(expected, WarehouseFile.DefaultMemoryLimit(available));
    }

    [Theory]
    [InlineData(512L << 20, "256MiB")]
    [InlineData(2L << 30, "512MiB")]
    [InlineData(8L << 30, "512MiB")]
    [InlineData(256L << 30, "512MiB")]
    public void DefaultMemoryLimit_ReadingCeiling_BoundsTheQuarter(long available, string expected)
    {
        Assert.Equal(expected, WarehouseFile.DefaultMemoryLimit(available, WarehouseFile.ReadingLimitCeilingBytes));
    }

    [Theory]
    [InlineData(512L << 20, "256MiB")]
    [InlineData(8L << 30, "2048MiB")]
    [InlineData(10L << 30, "2560MiB")]
    [InlineData(256L << 30, "2560MiB")]
    public void DefaultMemoryLimit_FeaturesCeiling_BoundsTheQuarter(long available, string expected)
    {
        Assert.Equal(expected, WarehouseFile.DefaultMemoryLimit(available, WarehouseFile.FeaturesLimitCeilingBytes));
    }

    [Theory]
    [InlineData(512L << 20, "256MiB")]
    [InlineData(4L << 30, "1024MiB")]
    [InlineData(256L << 30, "2560MiB")]
    public void DefaultMemoryLimit_DashboardCeiling_BoundsTheQuarter(long available, string expected)
    {
        Assert.Equal(expected, WarehouseFile.DefaultMemoryLimit(available, WarehouseFile.DashboardLimitCeilingBytes));
    }

    [Theory]
    [InlineData(null, WarehouseFile.FeaturesLimitCeilingBytes, "2560MiB")]
    [InlineData("", WarehouseFile.FeaturesLimitCeilingBytes, "2560MiB")]
    [InlineData("1GB", WarehouseFile.FeaturesLimitCeilingBytes, "1GB")]
    [InlineData("8GB", WarehouseFile.FeaturesLimitCeilingBytes, "8GB")]
    [InlineData(null, WarehouseFile.CrossSellLimitCeilingBytes, "2048MiB")]
    [InlineData("1GB", WarehouseFile.CrossSellLimitCeilingBytes, "1GB")]
    [InlineData("512MiB", WarehouseFile.DashboardLimitCeilingBytes, "512MiB")]
    [InlineData(null, WarehouseFile.ReadingLimitCeilingBytes, "512MiB")]
    [InlineData(null, WarehouseFile.DefaultLimitCeilingBytes, "3072MiB")]
    public void CappedMemoryLimit_UsersSettingWinsOverTheCeiling(string? configured, long ceiling, string expected)
    {
        // On a 24 GiB machine the quarter (6 GiB) is above every ceiling; a user's limit, smaller or larger, is kept.
        Assert.Equal(expected, WarehouseFile.CappedMemoryLimit(configured, 24L << 30, ceiling));
    }

    [Fact]
    public void SetMemoryLimit_ChangesTheOpenInstancesLimit()
    {
        using var temp = new TempFolder();
        var path = temp.File("w.duckdb");
        string reported;
        using (var other = WarehouseFile.Open(path, memoryLimit: "300MB"))
        {
            reported = other.Scalar<string>("SELECT current_setting('memory_limit');")!;
        }

        using var connection = WarehouseFile.Open(path, memoryLimit: "200MB");
        var before = connection.Scalar<string>("SELECT current_setting('memory_limit');");
        WarehouseFile.SetMemoryLimit(connection, "300MB");
        Assert.NotEqual(before, reported);
        Assert.Equal(reported, connection.Scalar<string>("SELECT current_setting('memory_limit');"));
        Assert.ThrowsAny<Exception>(() => WarehouseFile.SetMemoryLimit(connection, "x'; DROP TABLE t; --"));
    }

    [Fact]
    public void Open_WithoutLimit_AppliesTheMachineDefaultNotDuckDbs()
    {
        using var temp = new TempFolder();
        var path = temp.File("w.duckdb");
        string machineDefault;
        using (var connection = WarehouseFile.Open(path, memoryLimit: WarehouseFile.DefaultMemoryLimit(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)))
        {
            machineDefault = connection.Scalar<string>("SELECT current_setting('memory_limit');")!;
        }

        string? inForce = null;
        if (Environment.GetEnvironmentVariable(WarehouseFile.MemoryLimitVariable) is not { Length: > 0 })
        {
            using var connection = WarehouseFile.Open(path);
            inForce = connection.Scalar<string>("SELECT current_setting('memory_limit');");
        }

        using (var connection = WarehouseFile.Open(path, memoryLimit: "100MB"))
        {
            Assert.Equal("95.3 MiB", connection.Scalar<string>("SELECT current_setting('memory_limit');"));
        }

        Assert.True(inForce is null || inForce == machineDefault, $"default {inForce} differs from the machine-derived {machineDefault}");
    }
}
