/// Persistence for sessions, turns and scores.
public enum DojoStoreInfo {}
