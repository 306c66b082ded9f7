namespace Patron.Features.Tests.Demo;

public sealed class SpearmanTests
{
    [Fact]
    public void Spearman_MonotoneAndReversedAndTied_KnownValues()
    {
        Assert.Equal(1.0, DemoShopFeaturesTests.Spearman([1, 2, 3, 4], [10, 20, 30, 400]), 12);
        Assert.Equal(-1.0, DemoShopFeaturesTests.Spearman([1, 2, 3, 4], [4, 3, 2, 1]), 12);
        // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
        Assert.Equal(0.9486832980505138, DemoShopFeaturesTests.Spearman([1, 2, 2, 3], [1, 3, 2, 4]), 12);
    }
}
