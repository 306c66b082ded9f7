using Patron.Learning.Drift;

namespace Patron.Learning.Tests.Drift;

public sealed class DriftThresholdsTests
{
    [Fact]
    public void PsiFloor_HundredRowsEachSide_FarAboveTenth()
    {
        // χ²_0.99(9) = 21.666 (tables), times 1/100 + 1/100: a PSI of 0.1 is sampling noise at this size.
        Assert.Equal(21.665994 * 0.02, DriftThresholds.PsiFloor(10, 100, 100, 0.01), 1e-6);
    }

    [Fact]
    public void Floors_GrowingSamples_Shrink()
    {
        Assert.True(DriftThresholds.PsiFloor(10, 100_000, 100_000, 0.01) < DriftThresholds.PsiFloor(10, 1_000, 1_000, 0.01));
        Assert.True(DriftThresholds.JensenShannonFloor(10, 100_000, 100_000, 0.01) < 0.1);
        Assert.True(DriftThresholds.WassersteinFloor(1.0, 100_000, 100_000, 0.01) < 0.1);
        Assert.True(DriftThresholds.WassersteinFloor(1.0, 1_000, 1_000, 0.01) > 0.1);
    }

    [Fact]
    public void JensenShannonFloor_IsPsiFloorOverEightLnTwo() =>
        Assert.Equal(Math.Sqrt(DriftThresholds.PsiFloor(4, 500, 800, 0.01) / (8 * Math.Log(2))), DriftThresholds.JensenShannonFloor(4, 500, 800, 0.01), 1e-15);
}
