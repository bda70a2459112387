import RESPClient

/// The shared tier's Lua scripts: each is one atomic step in Redis, so a check and the write it guards can
/// never be split by another replica's write.
enum SharedTierScripts {
    /// Reads the epoch, the fill's generations and its entries, and when an entry is absent claims the fill
    /// (`SET NX PX`) in the same step: either the other replica's write is already there, or its claim still
    /// stands (it releases only after writing), so a replica never goes upstream for what another just stored.
    /// KEYS: epoch, generation × n, entry × m, lock. ARGV: n, token ("" = do not claim), lock px.
    /// Returns the n + m + 1 values read, then 1 (claimed), 0 (held by another) or -1 (not tried).
    static let readAndClaim = RESPScript(
        """
        local n = tonumber(ARGV[1])
        local values = redis.call('MGET', unpack(KEYS, 1, #KEYS - 1))
        local missing = false
        for i = n + 2, #values do
          if not values[i] then missing = true end
        end
        local claim = -1
        if missing and ARGV[2] ~= '' then
          if redis.call('SET', KEYS[#KEYS], ARGV[2], 'NX', 'PX', ARGV[3]) then claim = 1 else claim = 0 end
        end
        values[#values + 1] = claim
        return values
        """
    )

    /// Stores an entry unless the epoch or one of its associates' generations moved since the fill read them
    /// (the generation rule across replicas), and adds it to each associate's index.
    /// KEYS: entry, epoch, generation × n, index × n. ARGV: value, px, epoch read, generation read × n.
    /// Returns 1 when stored, 0 when refused.
    static let store = RESPScript(
        """
        local n = (#KEYS - 2) / 2
        if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[3] then return 0 end
        for i = 1, n do
          if (redis.call('GET', KEYS[2 + i]) or '0') ~= ARGV[3 + i] then return 0 end
        end
        local px = tonumber(ARGV[2])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', px)
        for i = 1, n do
          local index = KEYS[2 + n + i]
          redis.call('SADD', index, KEYS[1])
          if redis.call('PTTL', index) < px then redis.call('PEXPIRE', index, px) end
        end
        return 1
        """
    )

    /// Invalidates associates: bumps each generation (kept `ARGV[1]` ms) and deletes every entry its index
    /// names. KEYS: generation × n, index × n. Returns how many entries were deleted.
    static let invalidate = RESPScript(
        """
        local n = #KEYS / 2
        local removed = 0
        for i = 1, n do
          redis.call('INCR', KEYS[i])
          redis.call('PEXPIRE', KEYS[i], ARGV[1])
          local members = redis.call('SMEMBERS', KEYS[n + i])
          for j = 1, #members, 500 do
            removed = removed + redis.call('DEL', unpack(members, j, math.min(j + 499, #members)))
          end
          redis.call('DEL', KEYS[n + i])
        end
        return removed
        """
    )

    /// Gives up a claim (only the claimant's own: the token must match) and announces the fill on the channel,
    /// so replicas waiting for it read it at once. KEYS: lock. ARGV: token, channel, message.
    static let release = RESPScript(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        redis.call('PUBLISH', ARGV[2], ARGV[3])
        return 1
        """
    )
}
