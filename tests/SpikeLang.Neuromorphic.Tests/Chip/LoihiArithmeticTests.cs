using SpikeLang.Neuromorphic.Chip;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>The integer compartment update against sequences computed by hand (numbers in the comments).</summary>
public class LoihiArithmeticTests
{
    [Fact]
    public void Decay_truncates_toward_zero_for_both_signs()
    {
        // 5 · (4096 − 2048) = 10240; 10240 >> 12 = 2 (2.5 truncated), and −2 for −5 (not −3).
        Assert.Equal(2, LoihiArithmetic.Decay(5, 2048));
        Assert.Equal(-2, LoihiArithmetic.Decay(-5, 2048));
        Assert.Equal(12345, LoihiArithmetic.Decay(12345, 0));
    }

    [Fact]
    public void Current_from_a_single_input_decays_geometrically()
    {
        // du = 1024, so the current keeps (4096 − 1025) / 4096 = 3071/4096 per step.
        // Step 1: input 10 → 10 << 6 = 640. Step 2: 640·3071 = 1965440, >> 12 = 479.
        // Step 3: 479·3071 = 1471009, >> 12 = 359. Step 4: 359·3071 = 1102489, >> 12 = 269.
        int u = LoihiArithmetic.NextCurrent(0, 1024, 10);
        Assert.Equal(640, u);
        u = LoihiArithmetic.NextCurrent(u, 1024, 0);
        Assert.Equal(479, u);
        u = LoihiArithmetic.NextCurrent(u, 1024, 0);
        Assert.Equal(359, u);
        u = LoihiArithmetic.NextCurrent(u, 1024, 0);
        Assert.Equal(269, u);
        Assert.Equal(-479, LoihiArithmetic.NextCurrent(-640, 1024, 0));
    }

    [Fact]
    public void Current_decay_4095_empties_u_in_one_step()
    {
        // du + 1 = 4096: nothing of the old current is left, only the new input.
        Assert.Equal(0, LoihiArithmetic.NextCurrent(12345, 4095, 0));
        Assert.Equal(3 << 6, LoihiArithmetic.NextCurrent(-777, 4095, 3));
    }

    [Fact]
    public void Voltage_integrates_the_decaying_current_of_one_input()
    {
        // dv = 2048 halves v each step; the current is the sequence 640, 479, 359 above; no bias.
        // v1 = 0 + 640 = 640; v2 = 320 + 479 = 799; v3 = (799·2048 >> 12 = 399) + 359 = 758.
        int u = 0, v = 0, refractory = 0;
        int[] expected = [640, 799, 758];
        for (int step = 0; step < 3; step++)
        {
            u = LoihiArithmetic.NextCurrent(u, 1024, step == 0 ? 10 : 0);
            bool spiked = LoihiArithmetic.StepSoma(ref v, ref refractory, u, dv: 2048, thresholdMantissa: 1000, refractoryDelay: 0);
            Assert.False(spiked);
            Assert.Equal(expected[step], v);
        }
    }

    [Fact]
    public void Bias_alone_drives_periodic_spikes_and_resets_to_zero()
    {
        // bias = 100 << 2 = 400 per step, no leak, threshold 10 << 6 = 640:
        // v = 400, 800 > 640 → spike, v = 0; 400, 800 → spike; … a spike every second step.
        int v = 0, refractory = 0;
        var spikes = new System.Collections.Generic.List<int>();
        for (int step = 0; step < 8; step++)
        {
            if (LoihiArithmetic.StepSoma(ref v, ref refractory, LoihiArithmetic.Bias(100, 2), dv: 0, thresholdMantissa: 10, refractoryDelay: 0))
            {
                spikes.Add(step);
                Assert.Equal(0, v);
            }
        }

        Assert.Equal([1, 3, 5, 7], spikes);
    }

    [Fact]
    public void Threshold_is_strict()
    {
        // v reaches exactly 640 = 10 << 6: no spike; one more unit and it spikes.
        int v = 0, refractory = 0;
        Assert.False(LoihiArithmetic.StepSoma(ref v, ref refractory, 640, 0, 10, 0));
        Assert.True(LoihiArithmetic.StepSoma(ref v, ref refractory, 1, 0, 10, 0));
    }

    [Fact]
    public void Refractory_counter_holds_v_at_zero()
    {
        // Same bias drive with refractory delay 2: spike at step 1, v held at 0 in steps 2 and 3
        // (even though the bias keeps arriving), integrates again from step 4, spikes at step 5.
        int v = 0, refractory = 0;
        var spikes = new System.Collections.Generic.List<int>();
        var voltages = new System.Collections.Generic.List<int>();
        for (int step = 0; step < 9; step++)
        {
            if (LoihiArithmetic.StepSoma(ref v, ref refractory, 400, dv: 0, thresholdMantissa: 10, refractoryDelay: 2))
            {
                spikes.Add(step);
            }

            voltages.Add(v);
        }

        Assert.Equal([1, 5], spikes);
        Assert.Equal([400, 0, 0, 0, 400, 0, 0, 0, 400], voltages);
    }

    [Fact]
    public void Voltage_saturates_at_24_bits()
    {
        // 2^23 − 1 = 8388607 is the ceiling and −8388607 the floor, whatever the drive. The largest
        // threshold (131071 << 6 = 8388544) lies below the ceiling, so a saturated v always spikes.
        Assert.Equal(8388607, LoihiArithmetic.SaturateVoltage(8388600L + 1000));
        Assert.Equal(-8388607, LoihiArithmetic.SaturateVoltage(-8388600L - 1000));
        int v = -8388600, refractory = 0;
        LoihiArithmetic.StepSoma(ref v, ref refractory, -1000, dv: 0, thresholdMantissa: 131071, refractoryDelay: 0);
        Assert.Equal(-8388607, v);
        v = 8388600;
        Assert.True(LoihiArithmetic.StepSoma(ref v, ref refractory, 1000, dv: 0, thresholdMantissa: 131071, refractoryDelay: 0));
    }

    [Fact]
    public void Current_wraps_around_at_24_bits()
    {
        // u = 8388544 with du = 0 keeps 4095/4096: 8388544 − 2048 = 8386496; plus 100 << 6 = 6400
        // gives 8392896, past 2^23 − 1, which wraps to 8392896 − 2^24 = −8384320.
        Assert.Equal(-8384320, LoihiArithmetic.NextCurrent(8388544, 0, 100));
        Assert.Equal(8388607, LoihiArithmetic.WrapCurrent(8388607));
        Assert.Equal(-8388608, LoihiArithmetic.WrapCurrent(8388608));
    }
}
