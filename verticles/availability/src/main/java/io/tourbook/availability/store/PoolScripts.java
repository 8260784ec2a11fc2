package io.tourbook.availability.store;

/**
 * The pool's Lua scripts. Each runs atomically in Redis, so the hash of a realtor and their place
 * in the GEO set never disagree, and a booking is taken by at most one tour.
 *
 * <p>Hash fields: {@code status} (available|booked|unavailable), {@code pool} (1 when iam has the
 * realtor active, verified and available), {@code lat}, {@code lon}, {@code currentTour}, {@code
 * claimedAt} (epoch millis of the booking), {@code releasedTour} (the tour whose booking ended
 * last: a later look at that tour's assignment as active is out of date), {@code stateAt} (epoch
 * millis of the account state applied last) and {@code updatedAt} (ISO-8601).
 */
final class PoolScripts {

  /** Puts a realtor who is not booked where iam's state says: in the GEO set or out of it. */
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
   * An account state from iam. KEYS: hash, geo, realtors. ARGV: id, realtor (1|0), inPool (1|0),
   * lat, lon (empty: unknown), stateAt, now. An older state than the one applied is ignored; a
   * booked realtor stays booked whatever iam says, only their pool flag changes.
   */
  static final String APPLY_ACCOUNT =
      SETTLE
          + """
          if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[1]) == 0 then return 'ignored' end
          local seen = tonumber(redis.call('HGET', KEYS[1], 'stateAt') or '-1')
          if tonumber(ARGV[6]) < seen then return 'stale' end
          redis.call('SADD', KEYS[3], ARGV[1])
          redis.call('HSET', KEYS[1], 'pool', ARGV[3], 'stateAt', ARGV[6], 'updatedAt', ARGV[7])
          if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'lat', ARGV[4], 'lon', ARGV[5]) end
          if redis.call('HGET', KEYS[1], 'status') == 'booked' then
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 'booked'
          end
          return settle(KEYS[1], KEYS[2], ARGV[1], ARGV[7])
          """;

  /**
   * Claims a realtor for a tour. KEYS: hash, geo, built marker. ARGV: id, tourId, now, nowMillis. 1
   * when the realtor was available (now booked) or is already booked for this tour; 0 otherwise,
   * and always 0 while the pool is not built (after Redis lost it, until a rebuild).
   */
  static final String CLAIM =
      """
      if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
      local status, current = unpack(redis.call('HMGET', KEYS[1], 'status', 'currentTour'))
      if status == 'booked' then
        if current == ARGV[2] then return 1 end
        return 0
      end
      if status ~= 'available' then return 0 end
      redis.call('HSET', KEYS[1], 'status', 'booked', 'currentTour', ARGV[2],
        'claimedAt', ARGV[4], 'updatedAt', ARGV[3])
      redis.call('ZREM', KEYS[2], ARGV[1])
      return 1
      """;

  /**
   * Ends a booking if it is for this tour. KEYS: hash, geo. ARGV: id, tourId, now. 1 when it ended
   * one.
   */
  static final String RELEASE =
      SETTLE
          + """
          if redis.call('HGET', KEYS[1], 'currentTour') ~= ARGV[2] then return 0 end
          redis.call('HDEL', KEYS[1], 'currentTour', 'claimedAt')
          redis.call('HSET', KEYS[1], 'releasedTour', ARGV[2])
          settle(KEYS[1], KEYS[2], ARGV[1], ARGV[3])
          return 1
          """;

  /**
   * An active assignment: the realtor is booked for its tour, whatever iam says, unless already
   * booked for another tour (then 'conflict', and the newer booking stays) or that tour's booking
   * has already ended ('released': the event is older than the release). KEYS: hash, geo, realtors.
   * ARGV: id, tourId, now, nowMillis.
   */
  static final String BOOK =
      """
      local status, current, released =
        unpack(redis.call('HMGET', KEYS[1], 'status', 'currentTour', 'releasedTour'))
      if status == 'booked' then
        if current == ARGV[2] then return 'booked' end
        return 'conflict'
      end
      if released == ARGV[2] then return 'released' end
      redis.call('SADD', KEYS[3], ARGV[1])
      redis.call('HSET', KEYS[1], 'status', 'booked', 'currentTour', ARGV[2],
        'claimedAt', ARGV[4], 'updatedAt', ARGV[3])
      redis.call('ZREM', KEYS[2], ARGV[1])
      return 'booked'
      """;

  /**
   * One realtor of a rebuild, merged with what Redis holds. KEYS: hash, geo, realtors. ARGV: id,
   * inPool, lat, lon, stateAt, activeTour (empty: none), orphanBefore (millis), now, nowMillis.
   *
   * <p>The account state applies unless Redis holds a newer one. A booking stays when it is the
   * active assignment's or younger than orphanBefore (a claim whose assignment the snapshot may not
   * show yet); an older booking with no active assignment is an orphan and ends. A realtor with an
   * active assignment and no live booking is booked for it, unless that very booking was released
   * after the snapshot was read.
   */
  static final String REBUILD =
      SETTLE
          + """
          redis.call('SADD', KEYS[3], ARGV[1])
          local seen = tonumber(redis.call('HGET', KEYS[1], 'stateAt') or '-1')
          if tonumber(ARGV[5]) >= seen then
            redis.call('HSET', KEYS[1], 'pool', ARGV[2], 'stateAt', ARGV[5])
            if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'lat', ARGV[3], 'lon', ARGV[4]) end
          end
          local status, current, claimedAt, released = unpack(redis.call('HMGET', KEYS[1],
            'status', 'currentTour', 'claimedAt', 'releasedTour'))
          local live = status == 'booked'
            and (current == ARGV[6] or tonumber(claimedAt or '0') >= tonumber(ARGV[7]))
          if live then
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 'booked'
          end
          if ARGV[6] ~= '' and released ~= ARGV[6] then
            redis.call('HSET', KEYS[1], 'status', 'booked', 'currentTour', ARGV[6],
              'claimedAt', ARGV[9], 'updatedAt', ARGV[8])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 'booked'
          end
          redis.call('HDEL', KEYS[1], 'currentTour', 'claimedAt')
          return settle(KEYS[1], KEYS[2], ARGV[1], ARGV[8])
          """;

  private PoolScripts() {}
}
