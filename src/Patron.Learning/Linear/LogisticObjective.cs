namespace Patron.Learning.Linear;

/// <summary>C·Σ sᵢ·logloss(yᵢ, ηᵢ) + l2/2·‖θ‖² over standardized design columns, evaluated without materializing the
/// standardized values: ηᵢ = b + Σⱼ θⱼ (xᵢⱼ − cⱼ)/σⱼ.</summary>
/// <remarks>Rows are processed in fixed blocks in parallel; per-block partial sums are combined in block order, so the
/// result does not depend on thread scheduling.</remarks>
internal sealed class LogisticObjective
{
    private const int BlockSize = 8192;

    private readonly float[][] _columns;
    private readonly double[] _center;
    private readonly double[] _scale;
    private readonly double[] _y;
    private readonly double[] _weight;
    private readonly double _c;
    private readonly double _l2;
    private readonly bool _intercept;
    private readonly int _rows;
    private readonly int _blocks;
    private readonly double[] _eta;
    private readonly double[] _blockLoss;
    private readonly double[] _blockResidual;
    private readonly double[] _blockGradient;
    private readonly double[] _effective;
    private readonly int[] _active;
    private int _activeCount;

    public LogisticObjective(float[][] columns, double[] center, double[] scale, double[] y, double[] weight, double c, double l2, bool intercept)
    {
        _columns = columns;
        _center = center;
        _scale = scale;
        _y = y;
        _weight = weight;
        _c = c;
        _l2 = l2;
        _intercept = intercept;
        _rows = y.Length;
        _blocks = Math.Max(1, (_rows + BlockSize - 1) / BlockSize);
        _eta = new double[_rows];
        _blockLoss = new double[_blocks];
        _blockResidual = new double[_blocks];
        _blockGradient = new double[_blocks * columns.Length];
        _effective = new double[columns.Length];
        _active = new int[columns.Length];
    }

    public int Dimension => _columns.Length + (_intercept ? 1 : 0);

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var p = _columns.Length;
        var bias = _intercept ? x[p] : 0.0;
        _activeCount = 0;
        for (var j = 0; j < p; j++)
        {
            _effective[j] = x[j] / _scale[j];
            bias -= _effective[j] * _center[j];
            if (_effective[j] != 0)
            {
                _active[_activeCount++] = j;
            }
        }

        Parallel.For(0, _blocks, block => EvaluateBlock(block, bias));

        var loss = 0.0;
        var residual = 0.0;
        for (var b = 0; b < _blocks; b++)
        {
            loss += _blockLoss[b];
            residual += _blockResidual[b];
        }

        var penalty = 0.0;
        for (var j = 0; j < p; j++)
        {
            var sum = 0.0;
            for (var b = 0; b < _blocks; b++)
            {
                sum += _blockGradient[(b * p) + j];
            }

            gradient[j] = (_c * (sum - (_center[j] * residual)) / _scale[j]) + (_l2 * x[j]);
            penalty += x[j] * x[j];
        }

        if (_intercept)
        {
            gradient[p] = _c * residual;
        }

        return (_c * loss) + (0.5 * _l2 * penalty);
    }

    private void EvaluateBlock(int block, double bias)
    {
        var start = block * BlockSize;
        var end = Math.Min(_rows, start + BlockSize);
        var eta = _eta.AsSpan(start, end - start);
        eta.Fill(bias);

        // The columns with a weight, in column order, four per pass over eta (each cell adds them in the same order).
        var active = _active;
        var count = _activeCount;
        var k = 0;
        for (; k + 4 <= count; k += 4)
        {
            int j0 = active[k], j1 = active[k + 1], j2 = active[k + 2], j3 = active[k + 3];
            LinearKernels.AddScaled4(
                eta,
                _columns[j0].AsSpan(start, end - start),
                _effective[j0],
                _columns[j1].AsSpan(start, end - start),
                _effective[j1],
                _columns[j2].AsSpan(start, end - start),
                _effective[j2],
                _columns[j3].AsSpan(start, end - start),
                _effective[j3]);
        }

        for (; k < count; k++)
        {
            LinearKernels.AddScaled(eta, _columns[active[k]].AsSpan(start, end - start), _effective[active[k]]);
        }

        var loss = 0.0;
        var residual = 0.0;
        for (var i = 0; i < eta.Length; i++)
        {
            var e = eta[i];
            var y = _y[start + i];
            var s = _weight[start + i];

            // Stable log(1 + exp(e)) and sigmoid for either sign of e.
            double softplus, prob;
            if (e > 0)
            {
                var t = Math.Exp(-e);
                softplus = e + Math.Log(1 + t);
                prob = 1 / (1 + t);
            }
            else
            {
                var t = Math.Exp(e);
                softplus = Math.Log(1 + t);
                prob = t / (1 + t);
            }

            loss += s * (softplus - (y * e));
            var r = s * (prob - y);
            eta[i] = r;
            residual += r;
        }

        _blockLoss[block] = loss;
        _blockResidual[block] = residual;
        var p = _columns.Length;
        var j = 0;
        for (; j + 4 <= p; j += 4)
        {
            LinearKernels.Dot4(
                eta,
                _columns[j].AsSpan(start, end - start),
                _columns[j + 1].AsSpan(start, end - start),
                _columns[j + 2].AsSpan(start, end - start),
                _columns[j + 3].AsSpan(start, end - start),
                _blockGradient.AsSpan((block * p) + j, 4));
        }

        for (; j < p; j++)
        {
            _blockGradient[(block * p) + j] = LinearKernels.Dot(eta, _columns[j].AsSpan(start, end - start));
        }
    }
}
