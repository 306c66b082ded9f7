using System.Runtime.InteropServices;

namespace Patron.Learning.Trees;

/// <summary>First and second derivative of the loss for one row, stored as single precision to halve the memory traffic
/// of the histogram loop (histograms themselves accumulate in double).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GradientPair
{
    public float Gradient;
    public float Hessian;

    public GradientPair(float gradient, float hessian)
    {
        Gradient = gradient;
        Hessian = hessian;
    }
}
