import RESPClient

/// The token bucket as one atomic Redis script, so every replica shares a bucket per key and the read,
/// refill and take cannot interleave with another replica's.
///
/// Same arithmetic as `TokenBucket`, with Redis `TIME` as the one clock for all replicas (microseconds).
/// State per key is a hash `{tokens, ts}`; the key expires once the bucket would be full again (plus 1 s),
/// so idle clients cost no memory and an expired key reads as a full bucket, exactly as if it had stayed.
///
/// `KEYS[1]`: the bucket. `ARGV`: rate (tokens per second, > 0), burst (>= 1), cost (>= 0).
/// Returns `{allowed (1 or 0), remaining tokens as a string (fractional), retry-after in microseconds}`.
public enum TokenBucketScript {
    /// The Lua source.
    public static let source = """
        if redis.replicate_commands ~= nil then redis.replicate_commands() end
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local cost = tonumber(ARGV[3])
        if rate == nil or rate <= 0 or burst == nil or burst < 1 or cost == nil or cost < 0 then
          return redis.error_reply('ERR token bucket needs rate > 0, burst >= 1, cost >= 0')
        end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(state[1])
        local updated = tonumber(state[2])
        if tokens == nil or updated == nil then
          tokens = burst
          updated = now
        end
        if tokens > burst then tokens = burst end
        local elapsed = now - updated
        if elapsed > 0 then
          tokens = math.min(burst, tokens + elapsed / 1000000 * rate)
          updated = now
        end
        local allowed = 0
        local retry = 0
        if tokens >= cost then
          tokens = tokens - cost
          allowed = 1
        else
          retry = math.ceil((cost - tokens) / rate * 1000000)
        end
        redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.0f', updated))
        redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
        return {allowed, string.format('%.17g', tokens), retry}
        """

    /// The script with its SHA-1, for `RESPClient.evalScript`.
    public static let script = RESPScript(source)
}
