// hydrogen-view-sdk ships no types (its README says so).
declare module 'hydrogen-view-sdk';
