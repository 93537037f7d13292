public enum DataCollectionPlaceholder {}
