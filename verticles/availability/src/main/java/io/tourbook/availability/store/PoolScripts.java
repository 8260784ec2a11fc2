package io.tourbook.availability.store;

import io.tourbook.contracts.GeoPoint;

/**
 * The pool's Lua scripts. Each runs atomically in Redis, so a realtor's hash, calendar and place in
 * the GEO set never disagree, and no two bookings of a realtor ever overlap.
 *
 * <p>Keys of a realtor (see {@link PoolStore}): the hash ({@code status} available|unavailable,
 * {@code pool} 1 when on duty, {@code lat}, {@code lon}, {@code timeZone}, {@code stateAt} epoch
 * millis of the account state applied last, {@code updatedAt}); {@code :hours}, the working
 * intervals ({@code start:end} epoch millis, scored by start); {@code :blocked}, the blocked-out
 * times (same form); {@code :bookings}, tour ids scored by start; {@code :tours}, tour id to {@code
 * start:end:firstLat:firstLon:lastLat:lastLon:claimedAt}; {@code :released}, the tours whose
 * booking ended (a later look at that tour's assignment as active is out of date, until it is
 * claimed again).
 */
final class PoolScripts {

  /** Puts a realtor in the GEO set when on duty and located, out of it otherwise. */
  private static final String SETTLE =
      """
      local function settle(hash, geo, id, now)
        local pool, lat, lon = unpack(redis.call('HMGET', hash, 'pool', 'lat', 'lon'))
        if pool == '1' and lat and lon then
          redis.call('GEOADD', geo, lon, lat, id)
          redis.call('HSET', hash, 'status', 'available', 'updatedAt', now)
          return 'available'
        end
        redis.call('ZREM', geo, id)
        redis.call('HSET', hash, 'status', 'unavailable', 'updatedAt', now)
        return 'unavailable'
      end
      """;

  /**
   * Applies an account block of ARGV from index {@code a}: id, inPool, lat, lon (empty: unknown),
   * stateAt, timeZone, the count of working intervals and each, the count of blocked times and
   * each. KEYS k: hash, geo, realtors, hours, blocked. 'stale' when Redis holds a newer state.
   */
  private static final String APPLY_STATE =
      """
      local function replace(key, first, count)
        redis.call('DEL', key)
        for i = 0, count - 1 do
          local member = ARGV[first + i]
          redis.call('ZADD', key, tonumber(string.match(member, '^(%-?%d+)')), member)
        end
      end
      local function apply_state(k, a)
        local hours = tonumber(ARGV[a + 6])
        local blocked = tonumber(ARGV[a + 7 + hours])
        local seen = tonumber(redis.call('HGET', k[1], 'stateAt') or '-1')
        if tonumber(ARGV[a + 4]) < seen then return 'stale' end
        redis.call('SADD', k[3], ARGV[a])
        redis.call('HSET', k[1], 'pool', ARGV[a + 1], 'stateAt', ARGV[a + 4], 'timeZone', ARGV[a + 5])
        if ARGV[a + 2] ~= '' then redis.call('HSET', k[1], 'lat', ARGV[a + 2], 'lon', ARGV[a + 3]) end
        replace(k[4], a + 7, hours)
        replace(k[5], a + 8 + hours, blocked)
        return 'applied'
      end
      """;

  /**
   * An account state from iam. KEYS: hash, geo, realtors, hours, blocked. ARGV: now, realtor (1|0),
   * then the account block of APPLY_STATE. The outcome is the realtor's status, or ignored (not a
   * realtor the pool knows) or stale.
   */
  static final String APPLY_ACCOUNT =
      SETTLE
          + APPLY_STATE
          + """
          if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 'ignored' end
          if apply_state(KEYS, 3) == 'stale' then return 'stale' end
          return settle(KEYS[1], KEYS[2], ARGV[3], ARGV[1])
          """;

  /** Distance and travel buffer, as RealtorCalendar computes them (on GeoPoint's sphere). */
  private static final String BUFFER =
      "local EARTH_RADIUS_KM = "
          + GeoPoint.EARTH_RADIUS_KM
          + """

      local function km(lat1, lon1, lat2, lon2)
        if not lat1 or not lon1 or not lat2 or not lon2 then return 0 end
        local dlat = math.rad(lat2 - lat1)
        local dlon = math.rad(lon2 - lon1)
        local a = math.sin(dlat / 2) * math.sin(dlat / 2)
          + math.cos(math.rad(lat1)) * math.cos(math.rad(lat2)) * math.sin(dlon / 2) * math.sin(dlon / 2)
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
      end
      local function buffer(distance, kmh, minimum)
        local travel = math.ceil(distance / kmh * 3600) * 1000
        if travel > minimum then return travel end
        return minimum
      end
      local function parse(value)
        local s, e, flat, flon, llat, llon, at =
          string.match(value, '^(%-?%d+):(%-?%d+):([^:]*):([^:]*):([^:]*):([^:]*):?(.*)$')
        return tonumber(s), tonumber(e), tonumber(flat), tonumber(flon), tonumber(llat),
          tonumber(llon), tonumber(at)
      end
      """;

  /**
   * Books {@code [start, end)} of the realtor for a tour. KEYS: hash, hours, blocked, bookings,
   * tours, released, built marker. ARGV: tourId, start, end (epoch millis), firstLat, firstLon,
   * lastLat, lastLon (empty: unknown), earliest start allowed (now plus the lead time), travel
   * km/h, minimum buffer (millis), now (millis).
   *
   * <p>'booked' when booked now, or already booked for this tour at this interval (a retried claim
   * gives the same answer); a new interval for a booked tour replaces its old one. Otherwise the
   * reason: unbuilt (the pool is not built since Redis lost it), off-duty, lead-time, hours,
   * blocked, taken (the buffered interval meets another booking).
   */
  static final String CLAIM =
      BUFFER
          + """
          if redis.call('EXISTS', KEYS[7]) == 0 then return 'unbuilt' end
          local tour = ARGV[1]
          local s, e = tonumber(ARGV[2]), tonumber(ARGV[3])
          local mine = redis.call('HGET', KEYS[5], tour)
          if mine then
            local ms, me = parse(mine)
            if ms == s and me == e then return 'booked' end
          end
          if redis.call('HGET', KEYS[1], 'pool') ~= '1' then return 'off-duty' end
          if s < tonumber(ARGV[8]) then return 'lead-time' end
          local shift = redis.call('ZREVRANGEBYSCORE', KEYS[2], s, '-inf', 'LIMIT', 0, 1)
          if #shift == 0 then return 'hours' end
          local _, shift_end = string.match(shift[1], '^(%-?%d+):(%-?%d+)')
          if tonumber(shift_end) < e then return 'hours' end
          for _, blocked in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. e)) do
            local _, blocked_end = string.match(blocked, '^(%-?%d+):(%-?%d+)')
            if tonumber(blocked_end) > s then return 'blocked' end
          end
          local flat, flon, llat, llon =
            tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
          local kmh, minimum = tonumber(ARGV[9]), tonumber(ARGV[10])
          for _, other in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[4], '(' .. s, '-inf', 'LIMIT', 0, 2)) do
            if other ~= tour then
              local _, oe, _, _, olat, olon = parse(redis.call('HGET', KEYS[5], other))
              if oe + buffer(km(olat, olon, flat, flon), kmh, minimum) > s then return 'taken' end
              break
            end
          end
          for _, other in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], s, '+inf', 'LIMIT', 0, 2)) do
            if other ~= tour then
              local os, _, olat, olon = parse(redis.call('HGET', KEYS[5], other))
              if e + buffer(km(llat, llon, olat, olon), kmh, minimum) > os then return 'taken' end
              break
            end
          end
          redis.call('ZADD', KEYS[4], s, tour)
          redis.call('HSET', KEYS[5], tour, table.concat(
            {ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[11]}, ':'))
          redis.call('SREM', KEYS[6], tour)
          return 'booked'
          """;

  /**
   * Ends the tour's booking, and remembers that it ended. KEYS: bookings, tours, released. ARGV:
   * tourId. 1 when it ended one.
   */
  static final String RELEASE =
      """
      redis.call('SADD', KEYS[3], ARGV[1])
      if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
      end
      return 0
      """;

  /**
   * Reads the calendars of realtors for a window, without writing. KEYS, four per realtor: hours,
   * blocked, bookings, tours. ARGV: from, to (epoch millis). For each realtor: the working
   * intervals and blocked times that start before {@code to}, and as tour id, value pairs the
   * bookings that start in {@code [from, to)} with the two before and the two after them. Bookings
   * never overlap, so those are all a placement in the window can meet (two on each side in case
   * one is the tour being placed); reading every booking would cost as much as a realtor's whole
   * diary on each question.
   */
  static final String CALENDARS =
      """
      local from, to = ARGV[1], ARGV[2]
      local calendars = {}
      for k = 1, #KEYS, 4 do
        local ids = redis.call('ZREVRANGEBYSCORE', KEYS[k + 2], '(' .. from, '-inf', 'LIMIT', 0, 2)
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[k + 2], from, '(' .. to)) do
          table.insert(ids, id)
        end
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[k + 2], to, '+inf', 'LIMIT', 0, 2)) do
          table.insert(ids, id)
        end
        local bookings = {}
        if #ids > 0 then
          local values = redis.call('HMGET', KEYS[k + 3], unpack(ids))
          for i, id in ipairs(ids) do
            if values[i] then
              table.insert(bookings, id)
              table.insert(bookings, values[i])
            end
          end
        end
        table.insert(calendars, {
          redis.call('ZRANGEBYSCORE', KEYS[k], '-inf', to),
          redis.call('ZRANGEBYSCORE', KEYS[k + 1], '-inf', to),
          bookings})
      end
      return calendars
      """;

  /**
   * An active assignment: its interval is booked for its tour (normally the claim already did),
   * unless that booking has ended ('released': the event is older than the release) or the interval
   * overlaps another booking ('conflict', and nothing changes). KEYS: bookings, tours, released,
   * realtors. ARGV: realtorId, tourId, booking value, start, end.
   */
  static final String BOOK =
      """
      local tour = ARGV[2]
      if redis.call('SISMEMBER', KEYS[3], tour) == 1 then return 'released' end
      if redis.call('HEXISTS', KEYS[2], tour) == 1 then return 'booked' end
      local s, e = tonumber(ARGV[4]), tonumber(ARGV[5])
      for _, other in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[1], '(' .. e, '-inf', 'LIMIT', 0, 1)) do
        local oe = tonumber(string.match(redis.call('HGET', KEYS[2], other), '^%-?%d+:(%-?%d+)'))
        if oe > s then return 'conflict' end
      end
      redis.call('SADD', KEYS[4], ARGV[1])
      redis.call('ZADD', KEYS[1], s, tour)
      redis.call('HSET', KEYS[2], tour, ARGV[3])
      return 'booked'
      """;

  /**
   * One realtor of a rebuild, merged with what Redis holds. KEYS: hash, geo, realtors, hours,
   * blocked, bookings, tours, released. ARGV: now, orphanBefore (millis), the account block of
   * APPLY_STATE, then the count of the realtor's active assignments and, for each, tour id and
   * booking value.
   *
   * <p>The account state applies unless Redis holds a newer one. A booking stays when an active
   * assignment has it or it is younger than orphanBefore (a claim whose assignment the snapshot may
   * not show yet); an older booking with no active assignment is an orphan and ends. An active
   * assignment with no booking is booked, unless that very booking was released after the snapshot
   * was read. The outcome is the realtor's status.
   */
  static final String REBUILD =
      SETTLE
          + APPLY_STATE
          + """
          apply_state(KEYS, 3)
          local hours = tonumber(ARGV[9])
          local blocked = tonumber(ARGV[10 + hours])
          local first = 11 + hours + blocked
          local active = {}
          for i = 0, tonumber(ARGV[first]) - 1 do
            active[ARGV[first + 1 + 2 * i]] = ARGV[first + 2 + 2 * i]
          end
          local held = redis.call('HGETALL', KEYS[7])
          for i = 1, #held, 2 do
            local tour = held[i]
            local claimed = tonumber(string.match(held[i + 1], ':(%-?%d*)$')) or 0
            if not active[tour] and claimed < tonumber(ARGV[2]) then
              redis.call('HDEL', KEYS[7], tour)
              redis.call('ZREM', KEYS[6], tour)
            end
          end
          for tour, value in pairs(active) do
            if redis.call('HEXISTS', KEYS[7], tour) == 0
              and redis.call('SISMEMBER', KEYS[8], tour) == 0 then
              redis.call('ZADD', KEYS[6], tonumber(string.match(value, '^(%-?%d+)')), tour)
              redis.call('HSET', KEYS[7], tour, value)
            end
          end
          return settle(KEYS[1], KEYS[2], ARGV[3], ARGV[1])
          """;

  private PoolScripts() {}
}
